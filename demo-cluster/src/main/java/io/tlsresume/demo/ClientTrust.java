package io.tlsresume.demo;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyStore;
import java.security.cert.Certificate;
import java.security.cert.CertificateFactory;
import java.security.cert.X509Certificate;
import java.util.Collection;
import javax.net.ssl.SSLContext;
import javax.net.ssl.TrustManager;
import javax.net.ssl.TrustManagerFactory;
import javax.net.ssl.X509TrustManager;

/** Client SSLContexts for the checker and the demo: which server certificates they accept. */
final class ClientTrust {
    private ClientTrust() {
    }

    /** The JDK's default trust store. */
    static SSLContext systemDefault() throws GeneralSecurityException {
        return withTrustManagers(null);
    }

    /** Only the certificates in a PEM file. */
    static SSLContext pemFile(Path file) throws IOException, GeneralSecurityException {
        try (InputStream in = Files.newInputStream(file)) {
            Collection<? extends Certificate> certificates = CertificateFactory.getInstance("X.509")
                    .generateCertificates(in);
            if (certificates.isEmpty()) {
                throw new GeneralSecurityException(file + " holds no certificate");
            }
            return trusting(certificates);
        }
    }

    /** Only the certificate of {@code alias} in a key store. */
    static SSLContext keyStoreEntry(Path file, char[] password, String alias)
            throws IOException, GeneralSecurityException {
        KeyStore store = KeyStore.getInstance("PKCS12");
        try (InputStream in = Files.newInputStream(file)) {
            store.load(in, password);
        }
        return trusting(java.util.List.of(store.getCertificate(alias)));
    }

    /** Any certificate at all: for demos against self-signed servers, never for real checks. */
    static SSLContext insecure() throws GeneralSecurityException {
        TrustManager trustAll = new X509TrustManager() {
            @Override
            public void checkClientTrusted(X509Certificate[] chain, String authType) {
            }

            @Override
            public void checkServerTrusted(X509Certificate[] chain, String authType) {
            }

            @Override
            public X509Certificate[] getAcceptedIssuers() {
                return new X509Certificate[0];
            }
        };
        return withTrustManagers(new TrustManager[] {trustAll});
    }

    private static SSLContext trusting(Collection<? extends Certificate> certificates)
            throws IOException, GeneralSecurityException {
        KeyStore trust = KeyStore.getInstance("PKCS12");
        trust.load(null, null);
        int i = 0;
        for (Certificate certificate : certificates) {
            trust.setCertificateEntry("trusted-" + i++, certificate);
        }
        TrustManagerFactory tmf = TrustManagerFactory.getInstance("PKIX");
        tmf.init(trust);
        return withTrustManagers(tmf.getTrustManagers());
    }

    private static SSLContext withTrustManagers(TrustManager[] managers)
            throws GeneralSecurityException {
        SSLContext context = SSLContext.getInstance("TLS");
        context.init(null, managers, null);
        return context;
    }
}
