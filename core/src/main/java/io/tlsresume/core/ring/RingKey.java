package io.tlsresume.core.ring;

/**
 * One key of a node's ring as operators see it ({@code ringKeys}): never key bytes.
 *
 * @param epoch the rotation epoch the key belongs to
 * @param fingerprint eight hex digits of SHA-256 over the key's name (the name travels in every
 *     ticket; the secret parts never appear)
 * @param state {@value #ENCRYPTING} (issues new tickets), {@value #NEXT} (published for a later
 *     epoch, decrypts already) or {@value #DECRYPTING} (only decrypts tickets issued earlier)
 * @param encryptsFrom when the key's epoch starts (ISO-8601)
 * @param expires when the key leaves the ring: its last ticket has expired (ISO-8601)
 */
public record RingKey(long epoch, String fingerprint, String state, String encryptsFrom,
        String expires) {
    /** The key that encrypts new tickets. */
    public static final String ENCRYPTING = "encrypting";
    /** A key published ahead of its epoch. */
    public static final String NEXT = "next";
    /** A key that only decrypts. */
    public static final String DECRYPTING = "decrypting";
}
