package io.tlsresume.core.ring;

/** The ring store failed or did not answer within its bound. */
public class RingStoreException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    /** @param message what failed, without key material */
    public RingStoreException(String message, Throwable cause) {
        super(message, cause);
    }
}
