package io.tlsresume.core.ring;

import java.nio.ByteBuffer;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.SecureRandom;
import java.util.Arrays;
import java.util.HexFormat;

/**
 * One session-ticket encryption key (STEK) in the RFC 5077 section 4 layout used by BoringSSL:
 * a 16-byte key name sent in the clear inside every ticket, a 16-byte HMAC-SHA256 key and a
 * 16-byte AES-128 key.
 *
 * <p>A key belongs to one rotation epoch. Its bytes are never printed: {@link #toString()} and
 * logs use {@link #fingerprint()}, a short hash of the name. {@link #destroy()} overwrites the
 * secret bytes once the key has left the ring.
 */
public final class TicketKey {
    /** Length of each of the three parts. */
    public static final int PART_LENGTH = 16;
    private static final byte FORMAT_VERSION = 1;
    /** Serialized form: version (1) + epoch (8) + name + hmac + aes. */
    static final int SERIALIZED_LENGTH = 1 + Long.BYTES + 3 * PART_LENGTH;

    private final long epoch;
    private final byte[] name;
    private final byte[] hmacKey;
    private final byte[] aesKey;
    private final String fingerprint;
    private volatile boolean destroyed;

    private TicketKey(long epoch, byte[] name, byte[] hmacKey, byte[] aesKey) {
        this.epoch = epoch;
        this.name = name;
        this.hmacKey = hmacKey;
        this.aesKey = aesKey;
        this.fingerprint = fingerprintOf(name);
    }

    /** Creates a fresh random key for {@code epoch}. */
    public static TicketKey generate(long epoch, SecureRandom random) {
        byte[] name = new byte[PART_LENGTH];
        byte[] hmac = new byte[PART_LENGTH];
        byte[] aes = new byte[PART_LENGTH];
        random.nextBytes(name);
        random.nextBytes(hmac);
        random.nextBytes(aes);
        return new TicketKey(epoch, name, hmac, aes);
    }

    /**
     * Parses the form written by {@link #toBytes()}.
     *
     * @throws IllegalArgumentException if the bytes are not a key of this format; the message
     *     never contains key bytes
     */
    public static TicketKey fromBytes(byte[] bytes) {
        if (bytes == null || bytes.length != SERIALIZED_LENGTH) {
            throw new IllegalArgumentException("not a ticket key: expected " + SERIALIZED_LENGTH
                    + " bytes, got " + (bytes == null ? "null" : bytes.length));
        }
        if (bytes[0] != FORMAT_VERSION) {
            throw new IllegalArgumentException("not a ticket key: unknown format version " + bytes[0]);
        }
        ByteBuffer in = ByteBuffer.wrap(bytes, 1, bytes.length - 1);
        long epoch = in.getLong();
        byte[] name = new byte[PART_LENGTH];
        byte[] hmac = new byte[PART_LENGTH];
        byte[] aes = new byte[PART_LENGTH];
        in.get(name).get(hmac).get(aes);
        return new TicketKey(epoch, name, hmac, aes);
    }

    /** The serialized form (secret: the caller must not log it and should erase it after use). */
    public byte[] toBytes() {
        checkNotDestroyed();
        return ByteBuffer.allocate(SERIALIZED_LENGTH)
                .put(FORMAT_VERSION).putLong(epoch).put(name).put(hmacKey).put(aesKey)
                .array();
    }

    /** The rotation epoch this key encrypts in. */
    public long epoch() {
        return epoch;
    }

    /** A copy of the 16-byte key name (not secret: it travels in every ticket). */
    public byte[] name() {
        return name.clone();
    }

    /** A copy of the HMAC key. Secret. */
    public byte[] hmacKey() {
        checkNotDestroyed();
        return hmacKey.clone();
    }

    /** A copy of the AES key. Secret. */
    public byte[] aesKey() {
        checkNotDestroyed();
        return aesKey.clone();
    }

    /** Whether {@code other} is the same key (same name; names are 128 random bits). */
    public boolean sameKeyAs(TicketKey other) {
        return MessageDigest.isEqual(name, other.name);
    }

    /** Eight hex digits of SHA-256 over the key name: safe to log, enough to tell keys apart. */
    public String fingerprint() {
        return fingerprint;
    }

    /** Overwrites the secret parts. The key cannot be used afterwards. */
    public void destroy() {
        destroyed = true;
        Arrays.fill(hmacKey, (byte) 0);
        Arrays.fill(aesKey, (byte) 0);
    }

    /** Whether {@link #destroy()} was called. */
    public boolean isDestroyed() {
        return destroyed;
    }

    @Override
    public String toString() {
        return "TicketKey[epoch=" + epoch + ", fingerprint=" + fingerprint
                + (destroyed ? ", destroyed" : "") + "]";
    }

    private void checkNotDestroyed() {
        if (destroyed) {
            throw new IllegalStateException("ticket key " + fingerprint + " was destroyed");
        }
    }

    private static String fingerprintOf(byte[] name) {
        try {
            byte[] digest = MessageDigest.getInstance("SHA-256").digest(name);
            return HexFormat.of().formatHex(digest, 0, 4);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is required by every Java platform", e);
        }
    }
}
