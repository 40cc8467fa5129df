package io.tlsresume.tomcat;

import java.security.cert.CertificateException;
import java.security.cert.X509Certificate;
import javax.net.ssl.TrustManagerFactory;
import javax.net.ssl.X509TrustManager;

/**
 * A {@code trustManagerClassName} class as users write them (public, no-arg constructor): trusts
 * the client certificates of {@link TestHosts#CA} only.
 */
public final class TestCaTrustManager implements X509TrustManager {
    private final X509TrustManager delegate;

    /** Called by Tomcat. */
    public TestCaTrustManager() throws Exception {
        TrustManagerFactory factory = TrustManagerFactory.getInstance("PKIX");
        factory.init(TestHosts.CA.trustStore());
        delegate = (X509TrustManager) factory.getTrustManagers()[0];
    }

    @Override
    public void checkClientTrusted(X509Certificate[] chain, String authType)
            throws CertificateException {
        delegate.checkClientTrusted(chain, authType);
    }

    @Override
    public void checkServerTrusted(X509Certificate[] chain, String authType)
            throws CertificateException {
        delegate.checkServerTrusted(chain, authType);
    }

    @Override
    public X509Certificate[] getAcceptedIssuers() {
        return delegate.getAcceptedIssuers();
    }
}
