package io.tlsresume.core.sealing;

import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import org.bouncycastle.crypto.AsymmetricCipherKeyPair;
import org.bouncycastle.crypto.InvalidCipherTextException;
import org.bouncycastle.crypto.hpke.HPKE;
import org.bouncycastle.crypto.params.X25519PrivateKeyParameters;
import org.bouncycastle.crypto.params.X25519PublicKeyParameters;

/**
 * RFC 9180 HPKE in base mode with DHKEM(X25519, HKDF-SHA256), HKDF-SHA256 and AES-128-GCM, as
 * implemented by BouncyCastle. Sender authentication is not HPKE's job here: every envelope is
 * signed with the sender's TLS key (see {@link Envelope}).
 */
final class Hpke {
    /** Length of an X25519 public key and of the encapsulated key {@code enc}. */
    static final int KEY_LENGTH = 32;
    /** RFC 9180 section 5: binds every seal to this protocol and version. */
    private static final byte[] INFO = "tlsresume ring key v1".getBytes(StandardCharsets.US_ASCII);

    private Hpke() {
    }

    private static HPKE suite() {
        return new HPKE(HPKE.mode_base, HPKE.kem_X25519_SHA256, HPKE.kdf_HKDF_SHA256,
                HPKE.aead_AES_GCM128);
    }

    /** Encapsulated key and ciphertext of one seal. */
    record Sealed(byte[] enc, byte[] ciphertext) { }

    /** Seals {@code plaintext} to the X25519 public key {@code recipient}. */
    static Sealed seal(byte[] recipient, byte[] aad, byte[] plaintext) {
        try {
            byte[][] out = suite().seal(new X25519PublicKeyParameters(recipient), INFO, aad,
                    plaintext, null, null, null);
            return new Sealed(out[1], out[0]);
        } catch (InvalidCipherTextException | RuntimeException e) {
            throw new IllegalStateException("HPKE seal failed: " + e.getClass().getSimpleName(), e);
        }
    }

    /**
     * Opens a seal with the X25519 private key {@code privateKey}.
     *
     * @throws GeneralSecurityException if the seal was not made for this key or was altered
     */
    static byte[] open(byte[] privateKey, Sealed sealed, byte[] aad)
            throws GeneralSecurityException {
        X25519PrivateKeyParameters secret = new X25519PrivateKeyParameters(privateKey);
        AsymmetricCipherKeyPair pair = new AsymmetricCipherKeyPair(secret.generatePublicKey(),
                secret);
        try {
            return suite().open(sealed.enc(), pair, INFO, aad, sealed.ciphertext(), null, null,
                    null);
        } catch (InvalidCipherTextException | RuntimeException e) {
            throw new GeneralSecurityException("seal does not open with this key ("
                    + e.getClass().getSimpleName() + ")");
        }
    }
}
