package io.tlsresume.core.sealing;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.tlsresume.core.KeySource;
import io.tlsresume.core.cluster.HazelcastInstances;
import io.tlsresume.core.cluster.HazelcastRingStore;
import io.tlsresume.core.ring.KeyRotator;
import io.tlsresume.core.ring.RotationSchedule;
import io.tlsresume.core.ring.TicketKey;
import io.tlsresume.testkit.ManualScheduler;
import io.tlsresume.testkit.MutableClock;
import io.tlsresume.testkit.TestCertificates;
import io.tlsresume.testkit.TestNodes;
import java.security.SecureRandom;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * Two sealed rotators on two members of a real Hazelcast cluster, each with its own clock, B's
 * set ahead of or behind A's: every key either node encrypts under is held by the other for the
 * whole lifetime of the tickets issued under it, for any skew below half the rotation interval
 * ({@link RotationSchedule#clockSkewTolerance()}). Clocks move by hand; each node ticks on its
 * own schedule, in its own time.
 */
class ClockSkewTest {
    private static final Instant START = Instant.parse("2026-11-23T10:00:05Z");
    private static final KeySource TLS = TestCertificates.get().keySource();

    private final List<AutoCloseable> closeLast = new ArrayList<>();
    private final List<AutoCloseable> closeFirst = new ArrayList<>();

    /** One node: its clock, the scheduler that ticks it, its rotator and what it installed. */
    private record Node(String name, MutableClock clock, ManualScheduler scheduler,
            KeyRotator rotator, List<List<TicketKey>> installs) {
        TicketKey encrypting() {
            return installs.get(installs.size() - 1).get(0);
        }

        List<TicketKey> held() {
            return installs.get(installs.size() - 1);
        }
    }

    @AfterEach
    void stop() throws Exception {
        for (AutoCloseable c : closeFirst) {
            c.close();
        }
        for (AutoCloseable c : closeLast) {
            c.close();
        }
    }

    @Test
    void aNodeAheadBy45SecondsSharesEveryKeyWithATwoMinuteRotation() throws Exception {
        everyTicketResumesOnBothNodes(Duration.ofMinutes(2), Duration.ofMinutes(10),
                Duration.ofSeconds(45));
    }

    @Test
    void aNodeBehindBy45SecondsSharesEveryKeyWithATwoMinuteRotation() throws Exception {
        everyTicketResumesOnBothNodes(Duration.ofMinutes(2), Duration.ofMinutes(10),
                Duration.ofSeconds(-45));
    }

    @Test
    void aNodeAheadByFourMinutesSharesEveryKeyWithATenMinuteRotation() throws Exception {
        everyTicketResumesOnBothNodes(Duration.ofMinutes(10), Duration.ofMinutes(30),
                Duration.ofMinutes(4));
    }

    @Test
    void aNodeBehindByFourMinutesSharesEveryKeyWithATenMinuteRotation() throws Exception {
        // Its last tickets under an epoch are issued 4 min after the others stopped: they must
        // still resume on A until their lifetime ends (a grace of one minute did not cover that).
        everyTicketResumesOnBothNodes(Duration.ofMinutes(10), Duration.ofMinutes(30),
                Duration.ofMinutes(-4));
    }

    @Test
    void aCardFromAClockAheadByMoreThanHalfTheRotationIsRefusedAndCounted() throws Exception {
        RotationSchedule schedule = new RotationSchedule(Duration.ofMinutes(2),
                Duration.ofMinutes(10));
        List<HazelcastRingStore> stores = cluster();
        Node a = node("a", schedule, stores.get(0), Duration.ZERO);
        start(a, null);
        Node b = node("b", schedule, stores.get(1), Duration.ofSeconds(61));
        start(b, a);
        a.rotator().tick();
        assertEquals(1, a.rotator().sealingStatus().rejectedCards(),
                "61 s ahead with a 2 min rotation: beyond the tolerance of 60 s");
        assertEquals(1, a.rotator().sealingStatus().trustedCards(), "only its own");
    }

    /**
     * Starts A on time and B {@code skew} off, then moves both clocks through two rotations and
     * one ticket lifetime in 5 s steps, checking after each step that the key each node encrypts
     * under now, and every key it encrypted under within the last lifetime, is held by the other.
     */
    private void everyTicketResumesOnBothNodes(Duration rotation, Duration lifetime,
            Duration skew) throws Exception {
        RotationSchedule schedule = new RotationSchedule(rotation, lifetime);
        assertTrue(skew.abs().compareTo(schedule.clockSkewTolerance()) < 0, "test set-up");
        List<HazelcastRingStore> stores = cluster();
        Node a = node("a", schedule, stores.get(0), Duration.ZERO);
        Node b = node("b", schedule, stores.get(1), skew);
        start(a, null);
        start(b, a);
        assertEquals(2, b.rotator().sealingStatus().trustedCards(), "b trusts a's card");
        a.rotator().tick();
        assertEquals(2, a.rotator().sealingStatus().trustedCards(), "a trusts b's card");

        // Per node: key name -> the last true time it encrypted (a ticket issued then is valid
        // for one lifetime more).
        Map<String, Map<String, Instant>> lastEncrypted = Map.of("a", new LinkedHashMap<>(),
                "b", new LinkedHashMap<>());
        Map<String, TicketKey> keys = new LinkedHashMap<>();
        Duration step = Duration.ofSeconds(5);
        Duration sweep = rotation.multipliedBy(2).plus(lifetime).plus(schedule.grace());
        int rotations = 0;
        String lastKeyOfA = "";
        for (Duration elapsed = Duration.ZERO; elapsed.compareTo(sweep) < 0;
                elapsed = elapsed.plus(step)) {
            a.scheduler().advance(step);
            b.scheduler().advance(step);
            // Ticks Hazelcast's listeners asked for (another node wrote an entry).
            a.scheduler().runDue();
            b.scheduler().runDue();
            Instant now = a.clock().instant();
            for (Node node : List.of(a, b)) {
                TicketKey key = node.encrypting();
                keys.put(name(key), key);
                lastEncrypted.get(node.name()).put(name(key), now);
            }
            if (!name(a.encrypting()).equals(lastKeyOfA)) {
                rotations++;
                lastKeyOfA = name(a.encrypting());
            }
            for (Node issuer : List.of(a, b)) {
                Node other = issuer == a ? b : a;
                for (Map.Entry<String, Instant> issued
                        : lastEncrypted.get(issuer.name()).entrySet()) {
                    if (now.isBefore(issued.getValue().plus(lifetime))) {
                        TicketKey key = keys.get(issued.getKey());
                        assertTrue(other.held().stream().anyMatch(k -> k.sameKeyAs(key)),
                                () -> other.name() + " lacks " + key + ", under which "
                                        + issuer.name() + " encrypted at " + issued.getValue()
                                        + " (true time), now " + now + "; skew of b "
                                        + skew);
                    }
                }
            }
        }
        assertTrue(rotations >= 3, "the sweep crossed epoch boundaries: " + rotations);
        assertFalse(b.rotator().status().degraded(), b.rotator().status().degradedReason());
        assertFalse(a.rotator().status().degraded(), a.rotator().status().degradedReason());
        assertEquals(0, a.rotator().sealingStatus().rejectedCards());
        assertEquals(0, b.rotator().sealingStatus().rejectedCards());
    }

    private static String name(TicketKey key) {
        return HexFormat.of().formatHex(key.name());
    }

    private List<HazelcastRingStore> cluster() {
        TestNodes nodes = new TestNodes(2);
        List<HazelcastRingStore> stores = new ArrayList<>();
        for (int i = 0; i < 2; i++) {
            HazelcastRingStore store = new HazelcastRingStore(
                    HazelcastInstances.startMember(nodes.settings(i)), Duration.ofSeconds(2),
                    "member " + i);
            closeLast.add(() -> store.hazelcast().getLifecycleService().terminate());
            stores.add(store);
        }
        return stores;
    }

    private Node node(String name, RotationSchedule schedule, HazelcastRingStore store,
            Duration skew) {
        MutableClock clock = new MutableClock(START.plus(skew));
        ManualScheduler scheduler = new ManualScheduler(clock);
        SecureRandom random = new SecureRandom();
        SealedRingCodec codec = new SealedRingCodec(new NodeIdentity(name, TLS.loadPrivateKey(),
                TLS.certificateChain()), CardTrust.sameKey(TLS.certificateChain().get(0)
                .getPublicKey()), store, schedule, random);
        KeyRotator rotator = new KeyRotator(schedule, store, codec, clock, scheduler, random, 2);
        List<List<TicketKey>> installs = new CopyOnWriteArrayList<>();
        rotator.register(keys -> installs.add(List.copyOf(keys)));
        closeFirst.add(() -> {
            rotator.close();
            scheduler.shutdown();
        });
        return new Node(name, clock, scheduler, rotator, installs);
    }

    /**
     * Starts {@code node}; a joiner waits (in its clock) for {@code holder} to re-seal the live
     * keys to its card, as the holder's Hazelcast listener would make it do.
     */
    private static void start(Node node, Node holder) {
        CompletableFuture<Void> started = node.rotator().startAsync();
        for (int round = 0; !started.isDone() && round < 40; round++) {
            if (holder != null) {
                holder.rotator().tick();
                holder.clock().advance(Duration.ofMillis(100));
            }
            node.scheduler().advance(Duration.ofMillis(100));
        }
        started.join();
    }
}
