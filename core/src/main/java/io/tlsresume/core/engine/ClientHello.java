package io.tlsresume.core.engine;

import java.nio.ByteBuffer;
import java.util.List;
import java.util.Objects;

/**
 * What a TLS ClientHello asks for, read before the handshake starts: enough to choose the
 * server's context (certificate) for the connection.
 *
 * <p>Code points are the IANA TLS registry's 16-bit values, in the client's order, GREASE
 * values included.
 *
 * @param serverName the SNI {@code host_name}, lower case; {@code null} without SNI
 * @param signatureSchemes the {@code signature_algorithms} extension; empty without it
 * @param cipherSuites the offered cipher suites
 * @param supportedVersions the {@code supported_versions} extension; without it, the
 *     ClientHello's legacy {@code client_version} alone
 */
public record ClientHello(String serverName, List<Integer> signatureSchemes,
        List<Integer> cipherSuites, List<Integer> supportedVersions) {

    /** TLS 1.2's version code point. */
    public static final int TLS12 = 0x0303;
    /** TLS 1.3's version code point. */
    public static final int TLS13 = 0x0304;

    /** Copies the lists. */
    public ClientHello {
        signatureSchemes = List.copyOf(signatureSchemes);
        cipherSuites = List.copyOf(cipherSuites);
        supportedVersions = List.copyOf(supportedVersions);
    }

    /** The outcome of {@link #peek(ByteBuffer)}. */
    public sealed interface Peek {
    }

    /**
     * The buffer holds a whole ClientHello.
     *
     * @param hello what it asks for
     * @param length how many bytes from the buffer's position its records take
     */
    public record Complete(ClientHello hello, int length) implements Peek {
        /** Checks the arguments. */
        public Complete {
            Objects.requireNonNull(hello, "hello");
        }
    }

    /** The buffer holds the start of what may be a ClientHello: read more and peek again. */
    public record NeedMore() implements Peek {
    }

    /**
     * The buffer does not start with a ClientHello that can be read here: another record type,
     * an SSLv2 hello, a malformed or oversized message.
     *
     * @param reason why, for logs (no bytes of the input)
     */
    public record NotAClientHello(String reason) implements Peek {
    }

    /**
     * Reads the ClientHello at {@code src}'s position without consuming anything ({@code src}'s
     * position, limit and contents are left as they were). The ClientHello may be spread over
     * several handshake records. Never throws on any input.
     */
    public static Peek peek(ByteBuffer src) {
        return ClientHelloReader.peek(src);
    }

    /**
     * Whether a handshake with a certificate key of {@code type} can succeed for this client on
     * a tlsresume context (TLS 1.3 and 1.2): under TLS 1.3 when the client offers it, by the
     * signature schemes; else under TLS 1.2, by the signature schemes (any, when the client sent
     * none) and an offered ECDHE cipher suite signed with that key type.
     */
    public boolean accepts(KeyType type) {
        Objects.requireNonNull(type, "type");
        if (supportedVersions.contains(TLS13)) {
            return signatureSchemes.stream().anyMatch(s -> SignatureSchemes.signsTls13(type, s));
        }
        if (supportedVersions.stream().noneMatch(v -> v >= TLS12)) {
            return false; // TLS 1.1 and older are never served
        }
        // RFC 5246 section 7.4.1.4.1: without the extension, SHA-1 with the suite's key type.
        boolean signs = signatureSchemes.isEmpty()
                || signatureSchemes.stream().anyMatch(s -> SignatureSchemes.signsTls12(type, s));
        return signs && cipherSuites.stream().anyMatch(c -> SignatureSchemes.ecdheSuite(type, c));
    }
}
