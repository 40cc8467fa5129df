package io.tlsresume.core.engine;

import java.util.ServiceLoader;

/**
 * Fails a node's start, with a message a user can act on, when the configured engine cannot run:
 * better at start than on the first handshake.
 */
public final class EngineRequirements {
    /** The OpenSSL engine calls libssl through the FFM API, final in Java 22 (JEP 454). */
    public static final int OPENSSL_MIN_JAVA = 22;

    private EngineRequirements() {
    }

    /**
     * Checks that {@code kind} can run here.
     *
     * @throws IllegalStateException saying what is missing
     */
    public static void require(EngineKind kind) {
        switch (kind) {
            case BORINGSSL -> ServerTlsContext.requireEngine();
            case OPENSSL -> requireOpenSsl(Runtime.version().feature());
        }
    }

    static void requireOpenSsl(int javaFeature) {
        if (javaFeature < OPENSSL_MIN_JAVA) {
            throw new IllegalStateException("engine=openssl needs Java " + OPENSSL_MIN_JAVA
                    + " or newer (it calls the system OpenSSL 3 through the FFM API); this JVM is"
                    + " Java " + javaFeature + ". Run the server on Java " + OPENSSL_MIN_JAVA
                    + "+ or use engine=boringssl");
        }
        for (EngineProbe probe : ServiceLoader.load(EngineProbe.class,
                EngineRequirements.class.getClassLoader())) {
            if (probe.kind() == EngineKind.OPENSSL) {
                probe.require();
                return;
            }
        }
        throw new IllegalStateException("engine=openssl needs the tlsresume-openssl jar next to"
                + " tlsresume-core (and Tomcat's lib/tomcat-coyote-ffm.jar); it is not on the"
                + " class path");
    }
}
