package io.tlsresume.core.sealing;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.tlsresume.core.KeySource;
import io.tlsresume.core.ring.LocalRingStore;
import io.tlsresume.core.ring.RotationSchedule;
import io.tlsresume.core.ring.TicketKey;
import io.tlsresume.testkit.RecordingProxy;
import io.tlsresume.testkit.TestCertificates;
import java.math.BigInteger;
import java.security.GeneralSecurityException;
import java.security.PrivateKey;
import java.security.SecureRandom;
import java.security.interfaces.ECPrivateKey;
import java.security.interfaces.ECPublicKey;
import java.time.Duration;
import java.time.Instant;
import java.util.Arrays;
import java.util.Optional;
import org.bouncycastle.crypto.AsymmetricCipherKeyPair;
import org.bouncycastle.crypto.hpke.HPKE;
import org.junit.jupiter.api.Test;

/**
 * Issue 8, must-show 3: forward secrecy of distribution. An envelope captured from the store is
 * opened by its recipient while the ephemeral key lives; once the node has replaced that key twice
 * (erasing it), neither the node itself nor the node's real long-term TLS private key opens the
 * captured envelope. The TLS key only ever signs.
 */
class SealingForwardSecrecyTest {
    private static final Duration ROTATION = Duration.ofMinutes(1);
    private final SecureRandom random = new SecureRandom();

    @Test
    void afterTheEphemeralKeyIsErasedTheTlsPrivateKeyDoesNotOpenCapturedEnvelopes()
            throws Exception {
        KeySource tls = TestCertificates.get().keySource();
        PrivateKey tlsKey = tls.loadPrivateKey();
        NodeIdentity identity = new NodeIdentity("fs-node", tlsKey, tls.certificateChain());
        RotationSchedule schedule = new RotationSchedule(ROTATION, Duration.ofMinutes(5));
        Instant t0 = Instant.parse("2026-11-23T10:00:00Z");
        long epoch = schedule.epochAt(t0);
        TicketKey key = TicketKey.generate(epoch, random);
        byte[] captured;
        EphemeralKeyPair recipient;
        try (LocalRingStore store = new LocalRingStore();
                SealedRingCodec codec = new SealedRingCodec(identity,
                        CardTrust.sameKey(identity.publicKey()), store, schedule, random)) {
            codec.refresh(t0);
            recipient = codec.currentKeyPair();
            captured = codec.encode(key, t0);
            assertEquals(0, RecordingProxy.count(captured, key.aesKey()), "AES key in envelope");
            assertEquals(0, RecordingProxy.count(captured, key.hmacKey()), "HMAC key in envelope");

            // While the ephemeral key lives (and one interval after it was replaced) it opens.
            assertTrue(key.sameKeyAs(codec.decode(epoch, captured, Optional.empty()).orElseThrow()));
            codec.refresh(t0.plus(ROTATION));
            assertTrue(key.sameKeyAs(codec.decode(epoch, captured, Optional.empty()).orElseThrow()),
                    "the previous pair is kept one interval");

            // The second replacement erases it.
            codec.refresh(t0.plus(ROTATION.multipliedBy(2)));
            assertTrue(recipient.isErased() && recipient.privateKeyIsZero(),
                    "private key bytes overwritten");
            assertEquals(Optional.empty(), codec.decode(epoch, captured, Optional.empty()),
                    "the node itself can no longer open its envelope");
        }

        Envelope envelope = Envelope.verify(captured);
        String seal = envelope.seals().keySet().iterator().next();
        assertThrows(GeneralSecurityException.class, () -> envelope.openSeal(seal, recipient),
                "erased pair");
        // A thief with the TLS private key: its scalar as an X25519 key, and the key pair itself
        // as an HPKE P-256 recipient. Neither opens the seal.
        byte[] scalar = fixedLength(((ECPrivateKey) tlsKey).getS(), 32);
        EphemeralKeyPair fromTlsKey = pairFrom(scalar);
        assertThrows(GeneralSecurityException.class, () -> envelope.openSeal(seal, fromTlsKey),
                "TLS private key scalar as X25519 key");
        assertThrows(Exception.class, () -> openAsP256(envelope.seals().get(seal), tlsKey,
                (ECPublicKey) identity.publicKey()), "TLS key pair as HPKE P-256 recipient");
    }

    private static EphemeralKeyPair pairFrom(byte[] secret) throws Exception {
        var constructor = EphemeralKeyPair.class.getDeclaredConstructor(byte[].class,
                Instant.class);
        constructor.setAccessible(true);
        return constructor.newInstance(secret.clone(), Instant.now());
    }

    private static byte[] openAsP256(Hpke.Sealed sealed, PrivateKey tlsKey, ECPublicKey pub)
            throws Exception {
        HPKE p256 = new HPKE(HPKE.mode_base, HPKE.kem_P256_SHA256, HPKE.kdf_HKDF_SHA256,
                HPKE.aead_AES_GCM128);
        byte[] point = new byte[65];
        point[0] = 4;
        System.arraycopy(fixedLength(pub.getW().getAffineX(), 32), 0, point, 1, 32);
        System.arraycopy(fixedLength(pub.getW().getAffineY(), 32), 0, point, 33, 32);
        AsymmetricCipherKeyPair pair = p256.deserializePrivateKey(
                fixedLength(((ECPrivateKey) tlsKey).getS(), 32), point);
        return p256.open(sealed.enc(), pair, "tlsresume ring key v1".getBytes(), new byte[0],
                sealed.ciphertext(), null, null, null);
    }

    private static byte[] fixedLength(BigInteger value, int length) {
        byte[] bytes = value.toByteArray();
        if (bytes.length > length) {
            return Arrays.copyOfRange(bytes, bytes.length - length, bytes.length);
        }
        byte[] padded = new byte[length];
        System.arraycopy(bytes, 0, padded, length - bytes.length, bytes.length);
        return padded;
    }
}
