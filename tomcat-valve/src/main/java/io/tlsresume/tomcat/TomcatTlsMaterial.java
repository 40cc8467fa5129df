package io.tlsresume.tomcat;

import java.security.KeyStore;
import java.security.cert.X509Certificate;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import javax.net.ssl.CertPathTrustManagerParameters;
import javax.net.ssl.TrustManager;
import javax.net.ssl.TrustManagerFactory;
import org.apache.juli.logging.Log;
import org.apache.juli.logging.LogFactory;
import org.apache.tomcat.util.net.SSLContext;
import org.apache.tomcat.util.net.SSLHostConfigCertificate;
import org.apache.tomcat.util.net.SSLUtilBase;
import org.apache.tomcat.util.net.jsse.PEMFile;

/**
 * Tomcat's own code for key and trust material, so every form a {@code <Certificate>} and an
 * {@code <SSLHostConfig>} accept keeps its stock meaning: {@link #getKeyManagers()} (key stores
 * from a file or set in code, {@code certificateKeyAlias}, passwords and password files, PEM keys
 * in every form via Tomcat's {@code PEMFile}, {@code certificateChainFile}) and
 * {@link #getTrustManagers()} ({@code truststore*} from a file or set in code,
 * {@code trustManagerClassName}, {@code certificateRevocationListFile},
 * {@code revocationEnabled}, {@code certificateVerificationDepth}, OCSP), and, for trust written
 * OpenSSL-style, {@link #caCertificateFileTrustManagers()}.
 *
 * <p>Only those two methods are used; this engine builds no JSSE context. Protocols and ciphers
 * are left exactly as configured (the engine's own {@code SSLUtil} intersects them), so building
 * this has no side effect on the host config.
 */
final class TomcatTlsMaterial extends SSLUtilBase {
    private static final Log LOG = LogFactory.getLog(TomcatTlsMaterial.class);

    TomcatTlsMaterial(SSLHostConfigCertificate certificate) {
        super(certificate, false);
    }

    @Override
    protected Set<String> getImplementedProtocols() {
        // Called by the super constructor: as configured, so none is dropped or refused here.
        return new LinkedHashSet<>(sslHostConfig.getProtocols());
    }

    @Override
    protected Set<String> getImplementedCiphers() {
        return Set.of(); // empty: "unknown", the configured list is kept as it is
    }

    @Override
    protected Log getLog() {
        return LOG;
    }

    /** BoringSSL has no TLS 1.3 post-handshake authentication. */
    @Override
    protected boolean isTls13RenegAuthAvailable() {
        return false;
    }

    /**
     * Trust managers for OpenSSL-style trust, {@code caCertificateFile} (the PEM CA bundle stock
     * Tomcat's OpenSSL engine reads): its certificates as trust anchors, verified with the same
     * PKIX parameters as a trust store ({@code certificateRevocationListFile},
     * {@code revocationEnabled}, OCSP, {@code certificateVerificationDepth}).
     */
    TrustManager[] caCertificateFileTrustManagers() throws Exception {
        KeyStore anchors = KeyStore.getInstance("PKCS12");
        anchors.load(null, null);
        int index = 0;
        for (X509Certificate ca : new PEMFile(sslHostConfig.getCaCertificateFile())
                .getCertificates()) {
            anchors.setCertificateEntry("ca-" + index++, ca);
        }
        TrustManagerFactory factory = TrustManagerFactory.getInstance("PKIX");
        factory.init(new CertPathTrustManagerParameters(getParameters(
                sslHostConfig.getCertificateRevocationListFile(), anchors,
                sslHostConfig.getRevocationEnabled())));
        return factory.getTrustManagers();
    }

    @Override
    protected SSLContext createSSLContextInternal(List<String> negotiableProtocols) {
        throw new UnsupportedOperationException("key and trust material only");
    }
}
