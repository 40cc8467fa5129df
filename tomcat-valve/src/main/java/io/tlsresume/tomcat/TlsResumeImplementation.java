package io.tlsresume.tomcat;

import io.tlsresume.core.ResumptionNode;
import io.tlsresume.core.engine.EngineKind;
import java.util.List;
import java.util.Map;
import javax.net.ssl.SSLSession;
import org.apache.tomcat.util.net.SSLHostConfigCertificate;
import org.apache.tomcat.util.net.SSLImplementation;
import org.apache.tomcat.util.net.SSLSupport;
import org.apache.tomcat.util.net.SSLUtil;

/**
 * The Connector's {@code sslImplementationName}: serves Tomcat Netty's BoringSSL engines whose
 * session-ticket keys follow the cluster's ring, built from the {@code SSLHostConfig} and
 * {@code Certificate} elements. The node comes from the {@link TlsResumeListener} nested in the
 * same Connector. Tomcat makes one instance per connector with the public no-arg constructor.
 */
public final class TlsResumeImplementation extends SSLImplementation {
    private final SessionEngines engines = new SessionEngines();
    /** The connector's listener, known once Tomcat asked for an SSLUtil. */
    private volatile TlsResumeListener listener;

    /** Called by Tomcat. */
    public TlsResumeImplementation() {
    }

    /**
     * Netty's BoringSSL engine, or the engine the listener's {@code engine} setting names (the
     * OpenSSL engine, from the tlsresume-openssl module).
     */
    @Override
    public SSLUtil getSSLUtil(SSLHostConfigCertificate certificate) {
        TlsResumeListener listener = Bindings.listenerFor(certificate.getSSLHostConfig());
        this.listener = listener;
        EngineKind kind = listener.settings().engine();
        if (kind != EngineKind.BORINGSSL) {
            // The certificate's key signs the node's ring card when the node starts (sealing).
            return TomcatEngine.of(kind).newSSLUtil(certificate,
                    () -> listener.runningNode(listener.keysFor(certificate)));
        }
        return new TlsResumeSslUtil(listener, certificate, engines);
    }

    /**
     * Tomcat's own support for the session, plus which node served it and, on Netty's engine,
     * whether it resumed (other engines cannot tell per connection: unknown).
     */
    @Override
    public SSLSupport getSSLSupport(SSLSession session,
            Map<String, List<String>> additionalAttributes) {
        TlsResumeListener known = listener;
        ResumptionNode node = known == null ? null : known.getNode();
        return new TlsResumeSupport(session, additionalAttributes, engines.connectionOf(session),
                node == null ? null : node.settings().nodeId());
    }
}
