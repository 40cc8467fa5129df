package io.tlsresume.core.sealing;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.tlsresume.core.KeySource;
import io.tlsresume.core.ring.LocalRingStore;
import io.tlsresume.core.ring.RotationSchedule;
import io.tlsresume.core.ring.TicketKey;
import io.tlsresume.testkit.TestCertificates;
import java.security.SecureRandom;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.junit.jupiter.api.Test;

/**
 * Two codecs ("nodes") over one in-memory store, clock driven by hand: the protocol's rules
 * without a cluster around them. The cluster tests show the same over Hazelcast.
 */
class SealedRingCodecTest {
    private static final Duration ROTATION = Duration.ofMinutes(1);
    private final SecureRandom random = new SecureRandom();
    private final RotationSchedule schedule = new RotationSchedule(ROTATION,
            Duration.ofMinutes(10));
    private final Instant t0 = Instant.parse("2026-11-23T10:00:00Z");
    private final KeySource tls = TestCertificates.get().keySource();

    private NodeIdentity identity(String nodeId) {
        return new NodeIdentity(nodeId, tls.loadPrivateKey(), tls.certificateChain());
    }

    private SealedRingCodec codec(LocalRingStore store, String nodeId, CardTrust trust) {
        return new SealedRingCodec(identity(nodeId), trust, store, schedule, random);
    }

    private CardTrust sameKey() {
        return CardTrust.sameKey(tls.certificateChain().get(0).getPublicKey());
    }

    @Test
    void aLateJoinerWaitsThenOpensTheReSealAHolderWrote() {
        try (LocalRingStore store = new LocalRingStore();
                SealedRingCodec a = codec(store, "a", sameKey());
                SealedRingCodec b = codec(store, "b", sameKey())) {
            long epoch = schedule.epochAt(t0);
            TicketKey key = TicketKey.generate(epoch, random);
            a.refresh(t0);
            byte[] envelope = a.encode(key, t0); // sealed to a only: b has no card yet
            store.putIfAbsent(epoch, envelope, Duration.ofMinutes(5));

            b.refresh(t0);
            assertEquals(Optional.empty(), b.decode(epoch, envelope, Optional.empty()));
            assertTrue(b.awaiting(epoch), "b waits for a re-seal");

            a.refresh(t0);
            assertTrue(a.decode(epoch, envelope, Optional.of(key)).isPresent());
            a.share(Map.of(epoch, key), Map.of(epoch, envelope), t0);
            assertEquals(1, a.status().reseals());

            b.refresh(t0);
            assertTrue(key.sameKeyAs(b.decode(epoch, envelope, Optional.empty()).orElseThrow()));
            assertEquals(0, b.status().rejectedEnvelopes());
        }
    }

    @Test
    void anOlderCardOfANodeIsARefusedReplayCountedOnce() {
        try (LocalRingStore store = new LocalRingStore();
                SealedRingCodec a = codec(store, "a", sameKey());
                SealedRingCodec b = codec(store, "b", sameKey())) {
            b.refresh(t0);
            byte[] oldCard = store.readEntries().get("card/b");
            b.refresh(t0.plus(ROTATION)); // renews its ephemeral key and card
            a.refresh(t0.plus(ROTATION));
            assertEquals(2, a.status().trustedCards());

            store.putEntry("card/b", oldCard, ROTATION); // someone replays the old card
            a.refresh(t0.plus(ROTATION));
            a.refresh(t0.plus(ROTATION));
            assertEquals(1, a.status().rejectedCards(), "counted once");
            assertEquals(1, a.status().trustedCards(), "only a's own card is trusted now");
        }
    }

    @Test
    void aCardStoredUnderAnotherNodesNameIsRefused() {
        try (LocalRingStore store = new LocalRingStore();
                SealedRingCodec a = codec(store, "a", sameKey());
                SealedRingCodec b = codec(store, "b", sameKey())) {
            b.refresh(t0);
            store.putEntry("card/c", store.readEntries().get("card/b"), ROTATION);
            a.refresh(t0);
            assertEquals(1, a.status().rejectedCards());
            assertEquals(2, a.status().trustedCards());
        }
    }

    @Test
    void pinnedTrustAcceptsThePinnedKeyOnly() {
        String pin = CardTrust.pinOf(tls.certificateChain().get(0).getPublicKey());
        KeySource other = TestCertificates.keySourceOf(
                TestCertificates.get().generateOther("unpinned", "EC"));
        CardTrust pinned = CardTrust.pinned(Set.of(pin));
        assertEquals("", pinned.refusal(tls.certificateChain()));
        assertFalse(pinned.refusal(other.certificateChain()).isEmpty());
        assertFalse(sameKey().refusal(other.certificateChain()).isEmpty());
    }
}
