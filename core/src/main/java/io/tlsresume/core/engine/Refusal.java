package io.tlsresume.core.engine;

import java.nio.ByteBuffer;
import javax.net.ssl.SSLEngineResult;
import javax.net.ssl.SSLEngineResult.HandshakeStatus;
import javax.net.ssl.SSLEngineResult.Status;
import javax.net.ssl.SSLHandshakeException;

/**
 * A connection refused before BoringSSL saw it: one fatal alert to send (RFC 8446 section 6),
 * then nothing but the reason.
 */
final class Refusal {
    /** RFC 6066 section 3: no context serves the name the client asked for. */
    static final int UNRECOGNIZED_NAME = 112;
    /** The selector or the chosen context failed. */
    static final int INTERNAL_ERROR = 80;

    private final byte[] alert;
    private final SSLHandshakeException reason;
    private boolean sent; // guarded by this

    Refusal(int description, SSLHandshakeException reason) {
        // An alert record in plaintext, as before any key exists; 0x0303 as TLS 1.3's
        // legacy_record_version (RFC 8446 section 5.1) and TLS 1.2's.
        this.alert = new byte[] {21, 3, 3, 0, 2, 2, (byte) description};
        this.reason = reason;
    }

    SSLHandshakeException reason() {
        return reason;
    }

    synchronized boolean sent() {
        return sent;
    }

    /** The alert, once; afterwards the engine is closed. */
    synchronized SSLEngineResult wrap(ByteBuffer dst) {
        if (sent) {
            return new SSLEngineResult(Status.CLOSED, HandshakeStatus.NOT_HANDSHAKING, 0, 0);
        }
        if (dst.remaining() < alert.length) {
            return new SSLEngineResult(Status.BUFFER_OVERFLOW, HandshakeStatus.NEED_WRAP, 0, 0);
        }
        dst.put(alert);
        sent = true;
        return new SSLEngineResult(Status.CLOSED, HandshakeStatus.NOT_HANDSHAKING, 0,
                alert.length);
    }

    synchronized HandshakeStatus handshakeStatus() {
        return sent ? HandshakeStatus.NOT_HANDSHAKING : HandshakeStatus.NEED_WRAP;
    }
}
