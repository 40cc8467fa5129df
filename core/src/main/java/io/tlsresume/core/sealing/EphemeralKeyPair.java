package io.tlsresume.core.sealing;

import java.security.GeneralSecurityException;
import java.security.SecureRandom;
import java.time.Instant;
import java.util.Arrays;
import java.util.HexFormat;
import org.bouncycastle.crypto.params.X25519PrivateKeyParameters;

/**
 * One X25519 key pair that lives only in this JVM's memory: ring keys are sealed to its public
 * half, and once {@link #erase()} has run nothing this node keeps can open those seals again.
 * That is what makes distribution forward-secret: the long-term TLS key only signs, it never
 * decrypts.
 *
 * <p>Erasing overwrites this object's copy of the private key. BouncyCastle copies it briefly
 * while opening a seal; those copies are left to the garbage collector, as the JDK's own key
 * objects are.
 */
public final class EphemeralKeyPair {
    private final byte[] privateKey;
    private final byte[] publicKey;
    private final byte[] id;
    private final Instant created;
    private volatile boolean erased;

    private EphemeralKeyPair(byte[] privateKey, Instant created) {
        this.privateKey = privateKey;
        this.publicKey = new X25519PrivateKeyParameters(privateKey).generatePublicKey()
                .getEncoded();
        this.id = idOf(publicKey);
        this.created = created;
    }

    /** A fresh key pair. */
    public static EphemeralKeyPair generate(SecureRandom random, Instant now) {
        byte[] secret = new byte[Hpke.KEY_LENGTH];
        new X25519PrivateKeyParameters(random).encode(secret, 0);
        return new EphemeralKeyPair(secret, now);
    }

    /** 8 bytes of SHA-256 over a public key: how envelopes name the card a seal is for. */
    static byte[] idOf(byte[] publicKey) {
        return Arrays.copyOf(Sha256.of(publicKey), 8);
    }

    /** The public key (32 bytes; not secret). */
    public byte[] publicKey() {
        return publicKey.clone();
    }

    /** The id of this key pair's card. */
    byte[] id() {
        return id.clone();
    }

    /** The id as hex, for logs and store entry names. */
    public String idHex() {
        return HexFormat.of().formatHex(id);
    }

    /** When it was made. */
    Instant created() {
        return created;
    }

    /**
     * Opens a seal made for this key pair.
     *
     * @throws GeneralSecurityException if it does not open, or the key was erased
     */
    byte[] open(Hpke.Sealed sealed, byte[] aad) throws GeneralSecurityException {
        if (erased) {
            throw new GeneralSecurityException("ephemeral key " + idHex() + " was erased");
        }
        return Hpke.open(privateKey, sealed, aad);
    }

    /** Overwrites the private key; nothing can be opened with this pair afterwards. */
    public void erase() {
        erased = true;
        Arrays.fill(privateKey, (byte) 0);
    }

    /** Whether {@link #erase()} ran; then every byte of the private key is zero. */
    public boolean isErased() {
        return erased;
    }

    /** Whether the private key bytes are all zero (for tests of erasure). */
    boolean privateKeyIsZero() {
        for (byte b : privateKey) {
            if (b != 0) {
                return false;
            }
        }
        return true;
    }

    @Override
    public String toString() {
        return "EphemeralKeyPair[" + idHex() + (erased ? ", erased" : "") + "]";
    }
}
