package io.tlsresume.openssl;

import java.security.KeyManagementException;
import java.security.SecureRandom;
import java.util.List;
import javax.net.ssl.KeyManager;
import javax.net.ssl.SSLException;
import javax.net.ssl.TrustManager;
import org.apache.tomcat.util.net.SSLHostConfigCertificate;
import org.apache.tomcat.util.net.openssl.panama.OpenSSLContext;

/**
 * Tomcat's FFM OpenSSL context with the cluster session cache attached once Tomcat has
 * configured it ({@code init} turns OpenSSL's cache off and clears {@code SSL_OP_NO_TICKET}, so
 * the cache goes on after it) and detached before Tomcat frees the {@code SSL_CTX}.
 */
final class ResumingOpenSslContext extends OpenSSLContext {
    private final ClusterSessionCache cache;

    /** @param cache the cluster cache, or {@code null} to keep Tomcat's behaviour (no cache) */
    ResumingOpenSslContext(SSLHostConfigCertificate certificate, List<String> negotiableProtocols,
            ClusterSessionCache cache) throws SSLException {
        super(certificate, negotiableProtocols);
        this.cache = cache;
    }

    @Override
    public synchronized void init(KeyManager[] kms, TrustManager[] tms, SecureRandom sr)
            throws KeyManagementException {
        super.init(kms, tms, sr);
        if (cache != null) {
            SessionCallbacks.attach(LibSsl.get(), getSSLContext(), cache);
        }
    }

    @Override
    public synchronized void destroy() {
        if (cache != null) {
            SessionCallbacks.detach(getSSLContext());
            cache.release();
        }
        super.destroy();
    }
}
