package io.tlsresume.core.engine;

import java.util.Locale;

/** The TLS engines a user may name, and why the others cannot share resumption state. */
public enum EngineKind {
    /** Netty's OpenSSL engine on netty-tcnative-boringssl-static: settable ticket keys. */
    BORINGSSL,
    /**
     * Tomcat's FFM OpenSSL engine on the system OpenSSL 3 (Java 22+, module tlsresume-openssl):
     * a cluster-wide session cache, because OpenSSL 3 can serialize and restore server sessions.
     */
    OPENSSL;

    /**
     * Parses the {@code engine} setting.
     *
     * @throws IllegalArgumentException with the reason when the engine cannot share keys
     */
    public static EngineKind parse(String text) {
        String name = text.trim().toLowerCase(Locale.ROOT);
        return switch (name) {
            case "boringssl", "netty", "openssl-boringssl" -> BORINGSSL;
            case "openssl", "openssl3", "ffm" -> OPENSSL;
            case "conscrypt" -> throw new IllegalArgumentException("Conscrypt cannot share"
                    + " session-ticket keys or a session cache across nodes: it has no API to set"
                    + " ticket keys (google/conscrypt#507), gives every SSLContext its own random"
                    + " key, and its server session cache is never consulted"
                    + " (ConscryptEngine.serverSessionRequested is a stub). Use engine=boringssl");
            case "jdk", "jsse", "sunjsse" -> throw new IllegalArgumentException("the JDK's TLS"
                    + " engine has no API to set session-ticket keys, so nodes cannot read each"
                    + " other's tickets. Use engine=boringssl");
            default -> throw new IllegalArgumentException("unknown engine '" + text
                    + "' (supported: boringssl, openssl)");
        };
    }
}
