package io.tlsresume.openssl;

import io.tlsresume.core.ResumptionNode;
import io.tlsresume.core.engine.SessionScope;
import io.tlsresume.tomcat.HostScopes;
import java.util.List;
import java.util.function.Supplier;
import javax.net.ssl.SSLSessionContext;
import org.apache.tomcat.util.net.SSLContext;
import org.apache.tomcat.util.net.SSLHostConfigCertificate;
import org.apache.tomcat.util.net.openssl.panama.OpenSSLUtil;

/**
 * Tomcat's own FFM OpenSSL util (certificates, protocols, ciphers, ALPN, client auth all as
 * Tomcat configures them) whose contexts share their sessions through the cluster, each within
 * the resumption scope of its {@code SSLHostConfig} ({@link HostScopes}).
 */
final class ResumingOpenSslUtil extends OpenSSLUtil {
    private final Supplier<ResumptionNode> node;

    ResumingOpenSslUtil(SSLHostConfigCertificate certificate, Supplier<ResumptionNode> node) {
        super(certificate);
        this.node = node;
    }

    @Override
    public SSLContext createSSLContextInternal(List<String> negotiableProtocols)
            throws Exception {
        // Trust problems are found before the node starts.
        OpenSslRefusals.checkTrust(certificate.getSSLHostConfig());
        SessionScope scope = HostScopes.of(certificate.getSSLHostConfig());
        ResumptionNode running = node.get();
        OpenSslSettings settings = OpenSslSettings.of(running.settings());
        ClusterSessionCache cache = ClusterSessionCache.forContext(running, scope.id())
                .orElse(null);
        try {
            OpenSslRefusals.check(certificate.getSSLHostConfig(), cache != null,
                    settings.ringTickets());
            return new ResumingOpenSslContext(certificate, negotiableProtocols, running, scope,
                    cache, settings.ringTickets() ? new RingTickets() : null);
        } catch (Exception | Error e) {
            if (cache != null) {
                cache.release();
            }
            throw e;
        }
    }

    /**
     * Tomcat applies the SSLHostConfig's {@code sessionTimeout} after the context's init, which
     * would override ours: sessions must not outlive their store entries, so ours wins (a
     * {@code sessionTimeout} other than Tomcat's default is refused, {@link OpenSslRefusals}).
     */
    @Override
    public void configureSessionContext(SSLSessionContext sslSessionContext) {
        super.configureSessionContext(sslSessionContext);
        ResumptionNode running = node.get();
        OpenSslSettings settings = OpenSslSettings.of(running.settings());
        if (settings.sessionStore() && running.hazelcast().isPresent()) {
            sslSessionContext.setSessionTimeout((int) settings.sessionTimeout().toSeconds());
        }
    }
}
