package io.tlsresume.core.engine;

import java.security.cert.X509Certificate;
import java.util.List;
import java.util.Objects;
import javax.net.ssl.X509TrustManager;

/**
 * Whether and how a server context asks for client certificates.
 *
 * <p>Client certificates are verified by the given trust manager, which the server's own
 * configuration builds (Jetty's trust store, Tomcat's truststore attributes): never the JDK's
 * default CAs. {@link Mode#REQUIRED} and {@link Mode#OPTIONAL} therefore need a trust manager
 * with at least one trust anchor; only {@link #optionalUnverified()} accepts any chain.
 *
 * @param mode whether a certificate is asked for, and whether the handshake fails without one
 * @param trustManager verifies the client's chain; {@code null} for {@link Mode#NONE}
 */
public record ClientAuth(Mode mode, X509TrustManager trustManager) {

    /** Whether a client certificate is asked for. */
    public enum Mode {
        /** No certificate is asked for. */
        NONE,
        /** A certificate is asked for; a client without one is served, one with a bad one is not. */
        OPTIONAL,
        /** A certificate is asked for and must verify, else the handshake fails. */
        REQUIRED
    }

    private static final ClientAuth NONE = new ClientAuth(Mode.NONE, null);

    /**
     * @throws IllegalArgumentException if {@code mode} is {@code NONE} with a trust manager, or
     *     another mode without one or with a trust manager that has no trust anchors (except the
     *     one of {@link #optionalUnverified()})
     */
    public ClientAuth {
        Objects.requireNonNull(mode, "mode");
        if (mode == Mode.NONE && trustManager != null) {
            throw new IllegalArgumentException("client auth NONE takes no trust manager");
        }
        if (mode != Mode.NONE) {
            Objects.requireNonNull(trustManager, "trustManager");
            if (!(trustManager instanceof AnyChain) && trustManager.getAcceptedIssuers().length == 0) {
                // An empty list would mean "verify against nothing" or, in some trust managers,
                // "the JDK default CAs": neither is what the user configured.
                throw new IllegalArgumentException("client auth " + mode + " needs trust"
                        + " anchors, and the trust manager has none");
            }
        }
    }

    /** No client certificate is asked for. */
    public static ClientAuth none() {
        return NONE;
    }

    /**
     * A certificate is asked for; without one the client is served, a certificate that does not
     * verify with {@code trust} fails the handshake.
     */
    public static ClientAuth optional(X509TrustManager trust) {
        return new ClientAuth(Mode.OPTIONAL, trust);
    }

    /** A certificate is required and must verify with {@code trust}. */
    public static ClientAuth required(X509TrustManager trust) {
        return new ClientAuth(Mode.REQUIRED, trust);
    }

    /**
     * Requests a certificate and accepts any chain unverified (Tomcat's {@code optionalNoCA}):
     * the application decides what a presented certificate means.
     */
    public static ClientAuth optionalUnverified() {
        return new ClientAuth(Mode.OPTIONAL, AnyChain.INSTANCE);
    }

    /** Whether presented chains are accepted without verification ({@link #optionalUnverified()}). */
    public boolean unverified() {
        return trustManager instanceof AnyChain;
    }

    /**
     * The CA certificates client chains are verified against: the trust manager's accepted
     * issuers; empty for {@link Mode#NONE} and {@link #optionalUnverified()}.
     */
    public List<X509Certificate> trustAnchors() {
        return trustManager == null ? List.of() : List.of(trustManager.getAcceptedIssuers());
    }

    @Override
    public String toString() {
        return "ClientAuth[" + mode + (unverified() ? " unverified" : mode == Mode.NONE ? ""
                : ", " + trustAnchors().size() + " trust anchors") + "]";
    }

    /** Accepts every client chain: the trust manager of {@link #optionalUnverified()}. */
    private static final class AnyChain implements X509TrustManager {
        static final AnyChain INSTANCE = new AnyChain();

        @Override
        public void checkClientTrusted(X509Certificate[] chain, String authType) {
            // accepted unverified by design (optionalNoCA)
        }

        @Override
        public void checkServerTrusted(X509Certificate[] chain, String authType) {
            throw new UnsupportedOperationException("a server-side trust manager");
        }

        @Override
        public X509Certificate[] getAcceptedIssuers() {
            return new X509Certificate[0];
        }
    }
}
