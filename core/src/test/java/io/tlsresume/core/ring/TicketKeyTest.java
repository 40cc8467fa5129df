package io.tlsresume.core.ring;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.security.SecureRandom;
import java.util.Base64;
import java.util.HexFormat;
import org.junit.jupiter.api.Test;

class TicketKeyTest {
    private final SecureRandom random = new SecureRandom();

    @Test
    void roundTripsThroughItsStoredForm() {
        TicketKey key = TicketKey.generate(42, random);
        TicketKey copy = TicketKey.fromBytes(key.toBytes());
        assertEquals(42, copy.epoch());
        assertTrue(copy.sameKeyAs(key));
        assertArrayEquals(key.hmacKey(), copy.hmacKey());
        assertArrayEquals(key.aesKey(), copy.aesKey());
        assertEquals(key.fingerprint(), copy.fingerprint());
    }

    @Test
    void toStringShowsFingerprintNeverKeyBytes() {
        TicketKey key = TicketKey.generate(7, random);
        String text = key.toString();
        assertTrue(text.contains(key.fingerprint()));
        for (byte[] secret : new byte[][] {key.name(), key.hmacKey(), key.aesKey()}) {
            assertFalse(text.toLowerCase().contains(HexFormat.of().formatHex(secret)));
            assertFalse(text.contains(Base64.getEncoder().encodeToString(secret)));
        }
    }

    @Test
    void destroyErasesTheSecrets() {
        TicketKey key = TicketKey.generate(1, random);
        key.destroy();
        assertTrue(key.isDestroyed());
        assertThrows(IllegalStateException.class, key::hmacKey);
        assertThrows(IllegalStateException.class, key::toBytes);
    }

    @Test
    void foreignBytesAreRejectedWithoutEchoingThem() {
        byte[] garbage = new byte[57];
        garbage[0] = 9;
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> TicketKey.fromBytes(garbage));
        assertTrue(e.getMessage().contains("unknown format version 9"), e.getMessage());
        assertThrows(IllegalArgumentException.class, () -> TicketKey.fromBytes(new byte[3]));
        assertThrows(IllegalArgumentException.class, () -> TicketKey.fromBytes(null));
    }
}
