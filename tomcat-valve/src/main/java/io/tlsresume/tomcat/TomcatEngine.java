package io.tlsresume.tomcat;

import io.tlsresume.core.ResumptionNode;
import io.tlsresume.core.engine.EngineKind;
import java.util.ServiceLoader;
import java.util.function.Supplier;
import org.apache.tomcat.util.net.SSLHostConfigCertificate;
import org.apache.tomcat.util.net.SSLUtil;

/**
 * A TLS engine that lives in another module and serves a connector whose
 * {@code sslImplementationName} is {@link TlsResumeImplementation} when the listener's
 * {@code engine} setting names it. The OpenSSL engine needs Java 22, so this Java 17 module only
 * knows it through this interface, registered with {@link ServiceLoader}.
 */
public interface TomcatEngine {

    /** The engine this provides. */
    EngineKind kind();

    /**
     * The SSLUtil for one certificate.
     *
     * @param node the connector's node; running once Tomcat builds the TLS context
     */
    SSLUtil newSSLUtil(SSLHostConfigCertificate certificate, Supplier<ResumptionNode> node);

    /**
     * Finds the provider of {@code kind}.
     *
     * @throws IllegalStateException if none is on the class path
     */
    static TomcatEngine of(EngineKind kind) {
        for (TomcatEngine engine : ServiceLoader.load(TomcatEngine.class,
                TomcatEngine.class.getClassLoader())) {
            if (engine.kind() == kind) {
                return engine;
            }
        }
        throw new IllegalStateException("no Tomcat engine for engine=" + kind.name()
                .toLowerCase(java.util.Locale.ROOT) + " on the class path (for openssl: put"
                + " tlsresume-openssl.jar into $CATALINA_BASE/lib)");
    }
}
