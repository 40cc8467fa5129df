package io.tlsresume.openssl;

import io.tlsresume.core.ResumptionNode;
import io.tlsresume.core.engine.SessionScope;
import java.security.KeyManagementException;
import java.security.SecureRandom;
import java.util.List;
import javax.net.ssl.KeyManager;
import javax.net.ssl.SSLException;
import javax.net.ssl.TrustManager;
import org.apache.tomcat.util.net.SSLHostConfigCertificate;
import org.apache.tomcat.util.net.openssl.panama.OpenSSLContext;

/**
 * Tomcat's FFM OpenSSL context with the cluster's resumption attached once Tomcat has configured
 * it ({@code init} turns OpenSSL's cache off, sets or clears {@code SSL_OP_NO_TICKET} and sets
 * the session-id context "default" on every context, so ours goes on after it) and detached
 * before Tomcat frees the {@code SSL_CTX}.
 */
final class ResumingOpenSslContext extends OpenSSLContext {
    private final ResumptionNode node;
    private final SessionScope scope;
    private final ClusterSessionCache cache;
    private final RingTickets tickets;
    private final OpenSslMetrics metrics;

    /**
     * @param scope the resumption scope of the certificate's SSLHostConfig
     * @param cache the cluster session cache, or {@code null} for none
     * @param tickets stateless tickets under the ring, or {@code null} for none
     */
    ResumingOpenSslContext(SSLHostConfigCertificate certificate, List<String> negotiableProtocols,
            ResumptionNode node, SessionScope scope, ClusterSessionCache cache,
            RingTickets tickets) throws SSLException {
        super(certificate, negotiableProtocols);
        this.node = node;
        this.scope = scope;
        this.cache = cache;
        this.tickets = tickets;
        this.metrics = OpenSslMetrics.of(node);
    }

    @Override
    public synchronized void init(KeyManager[] kms, TrustManager[] tms, SecureRandom sr)
            throws KeyManagementException {
        super.init(kms, tms, sr);
        // OpenSSL resumes a session id, ticket or TLS 1.3 PSK only under the context it was made
        // in: per scope instead of Tomcat's one "default", a session of one virtual host or
        // trust configuration is a full handshake under another, on every node.
        LibSsl.get().setSessionIdContext(getSSLContext(), scope.sessionIdContext());
        if (tickets != null) {
            node.followRing(tickets);
        }
        if (cache != null || tickets != null) {
            SessionCallbacks.attach(LibSsl.get(), getSSLContext(), cache, tickets, metrics);
        }
    }

    @Override
    public synchronized void destroy() {
        SessionCallbacks.detach(getSSLContext());
        if (cache != null) {
            cache.release();
        }
        if (tickets != null) {
            node.unfollowRing(tickets);
            tickets.wipe();
        }
        super.destroy();
    }
}
