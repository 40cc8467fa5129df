package io.tlsresume.core.ring;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.security.SecureRandom;
import org.junit.jupiter.api.Test;

class RingEntryTest {

    @Test
    void aTaggedEntryCarriesItsGenerationAndTheCodecsBytes() {
        byte[] payload = TicketKey.generate(7, new SecureRandom()).toBytes();
        byte[] entry = RingEntry.tag(42, payload);
        assertEquals(42, RingEntry.generationOf(entry));
        assertArrayEquals(payload, RingEntry.payloadOf(entry));
    }

    @Test
    void anEntryWrittenBeforeGenerationsIsGenerationZeroAndReadAsIs() {
        byte[] plain = TicketKey.generate(7, new SecureRandom()).toBytes();
        assertEquals(0, RingEntry.generationOf(plain));
        assertArrayEquals(plain, RingEntry.payloadOf(plain));
        assertEquals(0, RingEntry.generationOf(new byte[] {1, 2, 3}));
    }

    @Test
    void theControlEntryRoundTripsAndRefusesGarbage() {
        RingControl control = new RingControl(5, 3);
        assertEquals(control, RingControl.parse(control.toBytes()));
        assertEquals(RingControl.NONE, RingControl.parse(null));
        assertThrows(IllegalArgumentException.class, () -> RingControl.parse(new byte[] {9}));
    }
}
