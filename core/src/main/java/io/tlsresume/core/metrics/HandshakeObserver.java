package io.tlsresume.core.metrics;

/** Told about every server handshake a TLS engine finishes or fails (the BoringSSL engine
 * reports through {@code ObservedSslEngine}). JDK types only. */
public interface HandshakeObserver {

    /**
     * A handshake completed.
     *
     * @param resumed whether the session was resumed (ticket or session id) rather than a full
     *     handshake
     * @param protocol the negotiated protocol, e.g. {@code TLSv1.3}
     */
    void handshakeCompleted(boolean resumed, String protocol);

    /** A handshake failed before completing (bad client, closed connection, protocol error). */
    void handshakeFailed();
}
