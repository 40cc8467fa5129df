package io.tlsresume.demo;

/**
 * Whether the demo can show its session-id run: it needs engine=openssl, which needs Java 22+
 * (FFM) and the engine's modules, built into the demo only by a JDK 22+ Maven.
 */
final class SessionIdRun {
    /** Jetty's side of engine=openssl; present when the demo was built on JDK 22+. */
    private static final String ENGINE_CLASS = "io.tlsresume.jetty.openssl.OpenSslJettyEngine";

    private SessionIdRun() {
    }

    /** {@code null} if the run can go ahead, else the one-line reason and what enables it. */
    static String whySkipped() {
        int java = Runtime.version().feature();
        if (java < 22) {
            return "needs engine=openssl, which calls the system OpenSSL 3 through FFM (Java 22+);"
                    + " this JVM is Java " + java + ". Run ./demo with a JDK 22 or newer (e.g."
                    + " Temurin 25) as java and for mvn";
        }
        try {
            Class.forName(ENGINE_CLASS, false, SessionIdRun.class.getClassLoader());
            return null;
        } catch (ClassNotFoundException e) {
            return "the demo was built without engine=openssl (built by a JDK older than 22);"
                    + " rebuild it with a JDK 22 or newer (./demo does)";
        }
    }
}
