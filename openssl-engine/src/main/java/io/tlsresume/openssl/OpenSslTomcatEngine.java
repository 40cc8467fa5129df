package io.tlsresume.openssl;

import io.tlsresume.core.ResumptionNode;
import io.tlsresume.core.engine.EngineKind;
import io.tlsresume.tomcat.TomcatEngine;
import java.util.function.Supplier;
import org.apache.tomcat.util.net.SSLHostConfigCertificate;
import org.apache.tomcat.util.net.SSLUtil;

/**
 * engine=openssl for Tomcat: service-loaded by {@code TlsResumeImplementation} when the
 * connector's tlsresume listener says {@code engine="openssl"}.
 */
public final class OpenSslTomcatEngine implements TomcatEngine {

    /** Called by {@link java.util.ServiceLoader}. */
    public OpenSslTomcatEngine() {
    }

    @Override
    public EngineKind kind() {
        return EngineKind.OPENSSL;
    }

    @Override
    public SSLUtil newSSLUtil(SSLHostConfigCertificate certificate,
            Supplier<ResumptionNode> node) {
        return new ResumingOpenSslUtil(certificate, node);
    }
}
