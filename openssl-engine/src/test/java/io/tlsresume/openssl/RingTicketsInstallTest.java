package io.tlsresume.openssl;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.tlsresume.core.ring.TicketKey;
import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.security.SecureRandom;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * The OpenSSL engine's copies of the ring's keys live no longer than the ring holds them: a new
 * ring overwrites the copies of the keys it dropped (as {@code ServerTlsContext.install} does
 * with its own), keeps the copies of the keys it still holds, and a handshake that still holds
 * a dropped key gets no bytes from it.
 */
class RingTicketsInstallTest {
    private static final SecureRandom RANDOM = new SecureRandom();
    private static final byte[] ZERO = new byte[TicketKey.PART_LENGTH];

    @Test
    void aNewRingOverwritesTheCopiesOfTheKeysItDropped() {
        TicketKey first = TicketKey.generate(1, RANDOM);
        TicketKey second = TicketKey.generate(2, RANDOM);
        RingTickets tickets = new RingTickets();
        tickets.install(List.of(first));
        byte[][] firstCopies = tickets.encrypting().secretArrays();
        assertArrayEquals(first.hmacKey(), firstCopies[0]);
        assertArrayEquals(first.aesKey(), firstCopies[1]);

        tickets.install(List.of(second));

        assertArrayEquals(ZERO, firstCopies[0], "HMAC copy of the dropped key");
        assertArrayEquals(ZERO, firstCopies[1], "AES copy of the dropped key");
        assertNull(tickets.find(first.name()));
        assertArrayEquals(second.aesKey(), tickets.encrypting().secretArrays()[1]);
    }

    @Test
    void keysTheNewRingStillHoldsKeepTheirCopies() {
        TicketKey older = TicketKey.generate(1, RANDOM);
        TicketKey newer = TicketKey.generate(2, RANDOM);
        RingTickets tickets = new RingTickets();
        tickets.install(List.of(older));
        RingTickets.Key olderCopy = tickets.encrypting();

        tickets.install(List.of(newer, older));

        RingTickets.Found found = tickets.find(older.name());
        assertSame(olderCopy, found.key(), "the same copy, still usable by handshakes");
        assertFalse(found.encrypting());
        assertArrayEquals(older.hmacKey(), olderCopy.secretArrays()[0]);
        assertTrue(copies(olderCopy));
    }

    @Test
    void aHandshakeHoldingADroppedKeyGetsNoBytes() {
        TicketKey first = TicketKey.generate(1, RANDOM);
        RingTickets tickets = new RingTickets();
        tickets.install(List.of(first));
        RingTickets.Key held = tickets.encrypting();
        assertTrue(copies(held));

        tickets.install(List.of(TicketKey.generate(2, RANDOM)));

        assertFalse(copies(held), "a dropped key must not encrypt a ticket with zero bytes");
    }

    @Test
    void wipeOverwritesEveryCopy() {
        RingTickets tickets = new RingTickets();
        tickets.install(List.of(TicketKey.generate(2, RANDOM), TicketKey.generate(1, RANDOM)));
        byte[][] current = tickets.encrypting().secretArrays();

        tickets.wipe();

        assertArrayEquals(ZERO, current[0]);
        assertArrayEquals(ZERO, current[1]);
        assertNull(tickets.encrypting());
    }

    /** Whether the key hands its bytes to native memory, as a ticket callback asks it to. */
    private static boolean copies(RingTickets.Key key) {
        try (Arena arena = Arena.ofConfined()) {
            MemorySegment aes = arena.allocate(TicketKey.PART_LENGTH);
            MemorySegment hmac = arena.allocate(TicketKey.PART_LENGTH);
            boolean copied = key.copySecrets(aes, hmac);
            if (copied) {
                assertArrayEquals(key.secretArrays()[1], aes.toArray(ValueLayout.JAVA_BYTE));
            }
            return copied;
        }
    }
}
