package io.tlsresume.jetty;

import io.tlsresume.core.ResumptionNode;
import io.tlsresume.core.engine.EngineKind;
import java.security.KeyStore;
import java.util.List;
import java.util.Locale;
import java.util.ServiceLoader;
import javax.net.ssl.KeyManager;
import javax.net.ssl.SSLEngine;

/**
 * A TLS engine that lives in another module and serves a {@link ResumingSslContextFactory}
 * whose {@code engine} setting names it. The OpenSSL engine needs Java 22, so this Java 17
 * module only knows it through this interface, registered with {@link ServiceLoader} (as
 * tomcat-valve's {@code TomcatEngine}).
 */
public interface JettyEngine {

    /** The engine this provides. */
    EngineKind kind();

    /**
     * Builds the engine's contexts for one load of {@code factory} (start or key store reload).
     *
     * @param node the factory's running node
     * @param keyStore the key store Jetty's own {@code load()} read
     * @param keyManagers the key managers Jetty built from it
     * @param alpnProtocols the protocols to offer by ALPN, in preference order; empty for none
     * @throws io.tlsresume.core.SettingsException naming the Jetty setting the engine cannot
     *     honour
     */
    Contexts start(ResumingSslContextFactory factory, ResumptionNode node, KeyStore keyStore,
            KeyManager[] keyManagers, List<String> alpnProtocols) throws Exception;

    /** What one load yields: engines per connection, until released. */
    interface Contexts {

        /** A server engine for one connection, before Jetty's {@code customize}. */
        SSLEngine newEngine(String peerHost, int peerPort);

        /** Cipher suites (JSSE names) the engine can negotiate. */
        List<String> cipherSuites();

        /** Protocols (JSSE names) the engine can negotiate. */
        List<String> protocols();

        /** No new engines follow; connections already made keep working. */
        void release();
    }

    /**
     * Finds the provider of {@code kind}, or {@code null} if none is on the class path.
     */
    static JettyEngine find(EngineKind kind) {
        for (JettyEngine engine : ServiceLoader.load(JettyEngine.class,
                JettyEngine.class.getClassLoader())) {
            if (engine.kind() == kind) {
                return engine;
            }
        }
        return null;
    }

    /** The {@code engine} setting's value for {@code kind}, as users write it. */
    static String settingValue(EngineKind kind) {
        return kind.name().toLowerCase(Locale.ROOT);
    }
}
