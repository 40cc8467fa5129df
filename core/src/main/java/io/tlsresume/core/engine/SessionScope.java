package io.tlsresume.core.engine;

import java.io.ByteArrayOutputStream;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.security.cert.X509Certificate;
import java.util.Arrays;
import java.util.Collection;
import java.util.HexFormat;
import java.util.List;
import java.util.Locale;
import java.util.Objects;
import java.util.TreeSet;

/**
 * Which sessions may resume in a context: the TLS session-id context (at most 32 bytes), which
 * BoringSSL and OpenSSL compare on every resumption (TLS 1.2 session id and ticket, TLS 1.3
 * PSK). A session offered to a context of another scope gets a full handshake, never an error.
 *
 * <p>The scope is derived from what decides whether a session may be trusted here: the virtual
 * host, the client-certificate mode, the trust anchors client chains are verified against, and
 * further verification parameters. It never depends on the server's own certificate or key, so
 * every node serving the same host with the same trust derives the same scope, and a certificate
 * renewal keeps sessions resuming. See {@code docs/security.md}, "How the resumption scope is
 * derived".
 */
public final class SessionScope {
    /** Tag of the encoding; a change of the derivation changes it (and so every scope). */
    private static final String VERSION = "tlsresume-session-scope/1";

    /** No virtual host, no client certificates. */
    public static final SessionScope DEFAULT = of(null, ClientAuth.none(), List.of());

    private final String virtualHost;
    private final String mode;
    private final List<String> anchors;
    private final byte[] sessionIdContext;

    private SessionScope(String virtualHost, String mode, List<String> anchors,
            byte[] sessionIdContext) {
        this.virtualHost = virtualHost;
        this.mode = mode;
        this.anchors = anchors;
        this.sessionIdContext = sessionIdContext;
    }

    /**
     * The scope of one trust domain.
     *
     * @param virtualHost Tomcat: the SSLHostConfig {@code hostName}; Jetty: the certificate's
     *     host names (sorted, joined by {@code ","}); compared in lower case; {@code null} or
     *     empty for none
     * @param clientAuth the client-certificate mode and the trust anchors client chains are
     *     verified against
     * @param verificationParameters extra inputs that change what a verified client certificate
     *     means (e.g. {@code "depth=3"}, {@code "crl=on"}); order and repetitions do not matter
     */
    public static SessionScope of(String virtualHost, ClientAuth clientAuth,
            Collection<String> verificationParameters) {
        Objects.requireNonNull(clientAuth, "clientAuth");
        String host = virtualHost == null ? "" : virtualHost.toLowerCase(Locale.ROOT);
        String mode = modeOf(clientAuth);
        List<String> anchors = anchorsOf(clientAuth);
        TreeSet<String> parameters = new TreeSet<>(verificationParameters);

        Encoder out = new Encoder();
        out.field(VERSION).field(host).field(mode);
        out.count(anchors.size());
        anchors.forEach(out::field);
        out.count(parameters.size());
        parameters.forEach(out::field);
        return new SessionScope(host, mode, anchors, sha256(out.bytes()));
    }

    /**
     * Whether this scope was derived from the same client-certificate mode and trust anchors as
     * {@code clientAuth}: a context must not ask for (or skip) client certificates other than its
     * scope says, or sessions would resume across trust domains.
     */
    boolean derivedFrom(ClientAuth clientAuth) {
        return mode.equals(modeOf(clientAuth)) && anchors.equals(anchorsOf(clientAuth));
    }

    private static String modeOf(ClientAuth clientAuth) {
        return clientAuth.unverified() ? "OPTIONAL_UNVERIFIED" : clientAuth.mode().name();
    }

    /** The anchors' ids, sorted and without repetitions. */
    private static List<String> anchorsOf(ClientAuth clientAuth) {
        TreeSet<String> anchors = new TreeSet<>();
        for (X509Certificate anchor : clientAuth.trustAnchors()) {
            anchors.add(anchorId(anchor));
        }
        return List.copyOf(anchors);
    }

    /**
     * The session-id context for the TLS engine: SHA-256 over a versioned, length-prefixed
     * encoding of the inputs (32 bytes, the most TLS engines take).
     */
    public byte[] sessionIdContext() {
        return sessionIdContext.clone();
    }

    /** A short hex name of the scope, for logs and cluster map keys. */
    public String id() {
        return HexFormat.of().formatHex(sessionIdContext, 0, 8);
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof SessionScope other
                && Arrays.equals(sessionIdContext, other.sessionIdContext);
    }

    @Override
    public int hashCode() {
        return Arrays.hashCode(sessionIdContext);
    }

    /** Host, mode, anchor count and id: nothing secret. */
    @Override
    public String toString() {
        return "SessionScope[host=" + (virtualHost.isEmpty() ? "(any)" : virtualHost) + ", mode="
                + mode + ", anchors=" + anchors.size() + ", id=" + id() + "]";
    }

    /**
     * A trust anchor is its subject and public key (as in PKIX's {@code TrustAnchor}): a CA
     * certificate re-issued with the same name and key verifies the same chains.
     */
    private static String anchorId(X509Certificate anchor) {
        Encoder out = new Encoder();
        out.field(anchor.getSubjectX500Principal().getEncoded());
        out.field(anchor.getPublicKey().getEncoded());
        return HexFormat.of().formatHex(sha256(out.bytes()));
    }

    private static byte[] sha256(byte[] data) {
        try {
            return MessageDigest.getInstance("SHA-256").digest(data);
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("SHA-256 is required by every Java platform", e);
        }
    }

    /** Length-prefixed fields, so no two different inputs encode alike. */
    private static final class Encoder {
        private final ByteArrayOutputStream out = new ByteArrayOutputStream();

        Encoder field(String value) {
            return field(value.getBytes(StandardCharsets.UTF_8));
        }

        Encoder field(byte[] value) {
            count(value.length);
            out.writeBytes(value);
            return this;
        }

        Encoder count(int n) {
            out.writeBytes(ByteBuffer.allocate(4).putInt(n).array());
            return this;
        }

        byte[] bytes() {
            return out.toByteArray();
        }
    }
}
