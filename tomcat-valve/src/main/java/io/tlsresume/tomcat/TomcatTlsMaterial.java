package io.tlsresume.tomcat;

import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import org.apache.juli.logging.Log;
import org.apache.juli.logging.LogFactory;
import org.apache.tomcat.util.net.SSLContext;
import org.apache.tomcat.util.net.SSLHostConfigCertificate;
import org.apache.tomcat.util.net.SSLUtilBase;

/**
 * Tomcat's own code for key and trust material, so every form a {@code <Certificate>} and an
 * {@code <SSLHostConfig>} accept keeps its stock meaning: {@link #getKeyManagers()} (key stores
 * from a file or set in code, {@code certificateKeyAlias}, passwords and password files, PEM keys
 * in every form via Tomcat's {@code PEMFile}, {@code certificateChainFile}) and
 * {@link #getTrustManagers()} ({@code truststore*} from a file or set in code,
 * {@code trustManagerClassName}, {@code certificateRevocationListFile},
 * {@code revocationEnabled}, {@code certificateVerificationDepth}, OCSP).
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

    @Override
    protected SSLContext createSSLContextInternal(List<String> negotiableProtocols) {
        throw new UnsupportedOperationException("key and trust material only");
    }
}
