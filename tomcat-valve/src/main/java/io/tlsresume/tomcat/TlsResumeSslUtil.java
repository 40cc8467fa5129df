package io.tlsresume.tomcat;

import io.tlsresume.core.KeySource;
import io.tlsresume.core.ResumptionNode;
import io.tlsresume.core.engine.ClientAuth;
import io.tlsresume.core.engine.ServerTlsContext;
import io.tlsresume.core.engine.TlsContextOptions;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import javax.net.ssl.KeyManager;
import javax.net.ssl.SSLSessionContext;
import javax.net.ssl.TrustManager;
import org.apache.tomcat.util.net.SSLContext;
import org.apache.tomcat.util.net.SSLHostConfig;
import org.apache.tomcat.util.net.SSLHostConfigCertificate;
import org.apache.tomcat.util.net.SSLUtil;
import org.apache.tomcat.util.net.openssl.ciphers.Group;

/**
 * Builds one certificate's TLS context on the connector's node, applying the
 * {@code SSLHostConfig} attributes this engine can honour and refusing, by name, those it
 * cannot. Implemented directly rather than through {@code SSLUtilBase}, whose final
 * {@code createSSLContext} builds JSSE key managers this engine does not use.
 */
final class TlsResumeSslUtil implements SSLUtil {
    private final TlsResumeListener listener;
    private final SSLHostConfigCertificate certificate;
    private final SSLHostConfig hostConfig;
    private final SessionEngines engines;

    TlsResumeSslUtil(TlsResumeListener listener, SSLHostConfigCertificate certificate,
            SessionEngines engines) {
        this.listener = listener;
        this.certificate = certificate;
        this.hostConfig = certificate.getSSLHostConfig();
        this.engines = engines;
    }

    @Override
    public SSLContext createSSLContext(List<String> negotiableProtocols) {
        try {
            TomcatTlsAttributes.refuseUnsupported(certificate);
            refuseUnsupported();
            KeySource keys = listener.keysFor(certificate);
            ClientAuth clientAuth = ClientCertificates.of(hostConfig);
            // Tomcat passes the protocols of its UpgradeProtocols ("h2"); Netty's engine ignores
            // the JDK's ALPN parameters, so they go on the context, as the groups do.
            TlsContextOptions options = TlsContextOptions.defaults()
                    .withAlpn(negotiableProtocols)
                    .withNamedGroups(groups())
                    .withClientAuth(clientAuth)
                    .withScope(HostScopes.of(hostConfig, clientAuth, listener::keysFor));
            ResumptionNode node = listener.runningNode(keys);
            ServerTlsContext context = node.newServerContext(keys, options);
            HostContexts host = listener.contextsOf(hostConfig);
            ServerTlsContext replaced = host.put(certificate, context);
            if (replaced != null) {
                // reloadSslHostConfigs: Tomcat lets the old context go without destroying it
                // (open connections may still use it); it no longer needs the ring's keys.
                node.release(replaced);
            }
            return new TlsResumeSslContext(node, context, certificate, host, engines,
                    clientAuth.trustAnchors());
        } catch (RuntimeException | Error e) {
            listener.contextFailed();
            throw e;
        }
    }

    private void refuseUnsupported() {
        if (hostConfig.getDisableSessionTickets()) {
            throw invalid("disableSessionTickets", "tlsresume resumes sessions with tickets;"
                    + " remove disableSessionTickets=\"true\" or do not use tlsresume here");
        }
    }

    /** The {@code groups} attribute, applied to the context: BoringSSL takes them there only. */
    private List<String> groups() {
        LinkedHashSet<Group> groups = hostConfig.getGroupList();
        List<String> names = new ArrayList<>();
        if (groups != null) {
            groups.forEach(g -> names.add(g.toString()));
        }
        return names;
    }

    @Override
    public String[] getEnabledProtocols() {
        List<String> enabled = new ArrayList<>(ServerTlsContext.PROTOCOLS);
        enabled.retainAll(hostConfig.getProtocols());
        if (enabled.isEmpty()) {
            throw invalid("protocols", hostConfig.getProtocols() + " enables none of "
                    + ServerTlsContext.PROTOCOLS);
        }
        return enabled.toArray(String[]::new);
    }

    @Override
    public String[] getEnabledCiphers() {
        // The user's order, limited to what the engine offers (ECDHE + AEAD, fit for HTTP/2).
        List<String> enabled = new ArrayList<>(hostConfig.getJsseCipherNames());
        enabled.retainAll(ServerTlsContext.CIPHERS);
        if (enabled.isEmpty()) {
            throw invalid("ciphers", "'" + hostConfig.getCiphers() + "' enables none of "
                    + ServerTlsContext.CIPHERS);
        }
        return enabled.toArray(String[]::new);
    }

    /** Tomcat's key managers of the certificate (the engine is keyed from them). */
    @Override
    public KeyManager[] getKeyManagers() throws Exception {
        return new TomcatTlsMaterial(certificate).getKeyManagers();
    }

    /** Tomcat's trust managers of the host ({@code null} without a trust store). */
    @Override
    public TrustManager[] getTrustManagers() throws Exception {
        return new TomcatTlsMaterial(certificate).getTrustManagers();
    }

    /** Nothing to do: ticket lifetime and keys come from tlsresume's settings and ring. */
    @Override
    public void configureSessionContext(SSLSessionContext sslSessionContext) {
    }

    private IllegalArgumentException invalid(String attribute, String problem) {
        return new IllegalArgumentException("SSLHostConfig " + hostConfig.getHostName() + " "
                + attribute + ": " + problem);
    }
}
