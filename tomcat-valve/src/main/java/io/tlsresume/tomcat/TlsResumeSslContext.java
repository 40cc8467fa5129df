package io.tlsresume.tomcat;

import io.tlsresume.core.ResumptionNode;
import io.tlsresume.core.engine.ContextSelector;
import io.tlsresume.core.engine.ObservedSslEngine;
import io.tlsresume.core.engine.ServerTlsContext;
import java.security.SecureRandom;
import java.security.cert.X509Certificate;
import java.util.List;
import javax.net.ssl.KeyManager;
import javax.net.ssl.SSLEngine;
import javax.net.ssl.SSLParameters;
import javax.net.ssl.SSLServerSocketFactory;
import javax.net.ssl.SSLSessionContext;
import javax.net.ssl.TrustManager;
import org.apache.tomcat.util.net.SSLContext;
import org.apache.tomcat.util.net.SSLHostConfigCertificate;

/**
 * Tomcat's view of one {@link ServerTlsContext} (one {@code <Certificate>} of one
 * {@code <SSLHostConfig>}): an engine per connection, released from the node's ring when Tomcat
 * frees the context. When the host has several certificates, each engine moves to the context
 * the client's ClientHello accepts (see {@link HostContexts}).
 */
final class TlsResumeSslContext implements SSLContext {
    private final ResumptionNode node;
    private final ServerTlsContext context;
    private final SSLHostConfigCertificate certificate;
    private final HostContexts host;
    private final SessionEngines engines;
    private final X509Certificate[] trustAnchors;

    TlsResumeSslContext(ResumptionNode node, ServerTlsContext context,
            SSLHostConfigCertificate certificate, HostContexts host, SessionEngines engines,
            List<X509Certificate> trustAnchors) {
        this.node = node;
        this.trustAnchors = trustAnchors.toArray(X509Certificate[]::new);
        this.context = context;
        this.certificate = certificate;
        this.host = host;
        this.engines = engines;
    }

    /** Nothing to do: the context was built complete. */
    @Override
    public void init(KeyManager[] kms, TrustManager[] tms, SecureRandom sr) {
    }

    @Override
    public void destroy() {
        host.remove(certificate, context);
        node.release(context);
    }

    /** Not exposed: tickets, not a server-side cache, carry sessions here. */
    @Override
    public SSLSessionContext getServerSessionContext() {
        return null;
    }

    @Override
    public SSLEngine createSSLEngine() {
        ContextSelector selector = host.selector();
        ObservedSslEngine engine = selector == null ? context.newEngine()
                : context.newEngine(null, -1, selector);
        String nodeId = node.settings().nodeId();
        engines.register(engine, nodeId);
        if (selector != null) {
            // The ClientHello may switch the engine to another certificate's context, and so to
            // another session: register the session the handshake ends with as well.
            engine.whenHandshakeCompleted(done -> engines.register(done, nodeId));
        }
        return engine;
    }

    /** NIO and NIO2 connectors use engines; there is no blocking-socket connector in Tomcat 11. */
    @Override
    public SSLServerSocketFactory getServerSocketFactory() {
        throw new UnsupportedOperationException("tlsresume serves SSLEngines only");
    }

    @Override
    public SSLParameters getSupportedSSLParameters() {
        return new SSLParameters(ServerTlsContext.CIPHERS.toArray(String[]::new),
                ServerTlsContext.PROTOCOLS.toArray(String[]::new));
    }

    /** The chain of the one key this context serves, whatever the alias. */
    @Override
    public X509Certificate[] getCertificateChain(String alias) {
        return context.certificateChain().toArray(X509Certificate[]::new);
    }

    /** The trust anchors client certificates are verified against (none without them). */
    @Override
    public X509Certificate[] getAcceptedIssuers() {
        return trustAnchors.clone();
    }
}
