package io.tlsresume.core.ring;

import io.tlsresume.testkit.MutableClock;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.tlsresume.core.cluster.HazelcastInstances;
import io.tlsresume.core.cluster.HazelcastRingStore;
import io.tlsresume.testkit.TestNodes;
import java.security.SecureRandom;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Two rotators on two members of a real Hazelcast cluster, driven by one hand-moved clock: the
 * agreement, publication-ahead and retirement rules of the ring, without waiting.
 */
class KeyRotatorTest {
    private static final Duration ROTATION = Duration.ofMinutes(10);
    private static final Duration LIFETIME = Duration.ofMinutes(30);

    private final RotationSchedule schedule = new RotationSchedule(ROTATION, LIFETIME);
    private final MutableClock clock = new MutableClock(Instant.parse("2026-11-23T10:00:00Z"));
    private HazelcastRingStore storeA;
    private HazelcastRingStore storeB;
    private KeyRotator rotatorA;
    private KeyRotator rotatorB;
    private final List<List<TicketKey>> installedA = new CopyOnWriteArrayList<>();
    private final List<List<TicketKey>> installedB = new CopyOnWriteArrayList<>();

    @BeforeEach
    void startCluster() {
        TestNodes nodes = new TestNodes(2);
        storeA = new HazelcastRingStore(HazelcastInstances.startMember(nodes.settings(0)),
                Duration.ofSeconds(2), "A");
        storeB = new HazelcastRingStore(HazelcastInstances.startMember(nodes.settings(1)),
                Duration.ofSeconds(2), "B");
        rotatorA = new KeyRotator(schedule, storeA, clock, new SecureRandom(), 2);
        rotatorB = new KeyRotator(schedule, storeB, clock, new SecureRandom(), 2);
        rotatorA.register(keys -> installedA.add(List.copyOf(keys)));
        rotatorB.register(keys -> installedB.add(List.copyOf(keys)));
    }

    @AfterEach
    void stop() {
        rotatorA.close();
        rotatorB.close();
        storeA.hazelcast().getLifecycleService().terminate();
        storeB.hazelcast().getLifecycleService().terminate();
    }

    private static List<TicketKey> last(List<List<TicketKey>> installs) {
        return installs.get(installs.size() - 1);
    }

    @Test
    void everyNodeEncryptsWithTheSameKeyAndHoldsTheNextOneAhead() {
        rotatorA.tick();
        rotatorB.tick();
        long current = schedule.epochAt(clock.instant());
        List<TicketKey> a = last(installedA);
        List<TicketKey> b = last(installedB);
        assertEquals(current, a.get(0).epoch());
        assertTrue(a.get(0).sameKeyAs(b.get(0)), "both nodes encrypt with one key");
        assertTrue(a.stream().anyMatch(k -> k.epoch() == current + 1),
                "the next epoch's key is installed one period before it encrypts");
        assertTrue(b.stream().anyMatch(k -> k.epoch() == current + 1));
        assertFalse(rotatorA.status().degraded(), rotatorA.status().degradedReason());
    }

    @Test
    void rotationSwitchesToThePublishedKeyAndOldKeysOnlyDecrypt() {
        rotatorA.tick();
        rotatorB.tick();
        TicketKey next = last(installedA).stream()
                .filter(k -> k.epoch() == schedule.epochAt(clock.instant()) + 1)
                .findFirst().orElseThrow();
        TicketKey firstKey = last(installedA).get(0);

        clock.advance(ROTATION);
        rotatorB.tick();
        rotatorA.tick();
        List<TicketKey> a = last(installedA);
        assertTrue(a.get(0).sameKeyAs(next), "the key published ahead is the one that encrypts");
        assertTrue(last(installedB).get(0).sameKeyAs(next));
        assertTrue(a.subList(1, a.size()).contains(firstKey), "old key still decrypts");
        assertNotEquals(rotatorA.status().lastRotation(), null);
    }

    @Test
    void keysAreErasedOnceTheirLastTicketExpires() {
        rotatorA.tick();
        TicketKey first = last(installedA).get(0);
        // Lifetime 30 min + grace after its 10 min epoch; the grace (half the rotation plus a
        // 10 s tick: a node behind by up to 5 min still issues under it) is 5 min 10 s: live at
        // +45 min, gone at +45:10.
        assertEquals(Duration.ofMinutes(5).plusSeconds(10), schedule.grace());
        for (int minute = 0; minute < 45; minute++) {
            clock.advance(Duration.ofMinutes(1));
            rotatorA.tick();
        }
        clock.advance(Duration.ofSeconds(9));
        rotatorA.tick();
        assertTrue(last(installedA).contains(first));
        assertFalse(first.isDestroyed());
        clock.advance(Duration.ofSeconds(1));
        rotatorA.tick();
        assertFalse(last(installedA).contains(first));
        assertTrue(first.isDestroyed(), "a retired key's secrets are overwritten");
        // current + next + the 3 older epochs whose tickets may still be valid
        assertEquals(5, last(installedA).size());
    }

    @Test
    void unreadableStoreEntryIsIgnoredCountedAndServedAroundWithALocalKey() {
        long current = schedule.epochAt(clock.instant());
        storeA.hazelcast().<Long, byte[]>getMap(HazelcastRingStore.MAP_NAME)
                .put(current, new byte[] {1, 2, 3});
        rotatorA.tick();
        assertEquals(1, rotatorA.status().rejectedEntries());
        List<TicketKey> a = last(installedA);
        assertEquals(current, a.get(0).epoch(), "still encrypts with a key of the current epoch");
        assertTrue(rotatorA.status().degraded(), "a local key is not shared: degraded");
        assertTrue(rotatorA.status().degradedReason().contains("no readable key"),
                rotatorA.status().degradedReason());
    }

    @Test
    void anEngineThatRefusedTheKeysGetsThemOnTheNextTick() {
        List<List<TicketKey>> received = new CopyOnWriteArrayList<>();
        boolean[] refuse = {true};
        rotatorA.register(keys -> {
            if (refuse[0]) {
                throw new IllegalStateException("engine busy");
            }
            received.add(List.copyOf(keys));
        });
        rotatorA.tick();
        assertTrue(received.isEmpty());
        refuse[0] = false;
        rotatorA.tick(); // nothing changed in the ring, but the refused install is retried
        assertEquals(1, received.size());
        assertEquals(last(installedA), received.get(0));
    }

    @Test
    void storeFailureDegradesThenConvergesWhenTheClusterReturns() {
        rotatorB.tick();
        TicketKey clusterKey = last(installedB).get(0);
        // A's store goes down before A ever synced: A makes a local key and says it is degraded.
        SwitchableStore switchable = new SwitchableStore(storeA);
        KeyRotator rotator = new KeyRotator(schedule, switchable, clock, new SecureRandom(), 2);
        List<List<TicketKey>> installs = new CopyOnWriteArrayList<>();
        rotator.register(keys -> installs.add(List.copyOf(keys)));
        try {
            switchable.down = true;
            rotator.tick();
            assertTrue(rotator.status().degraded());
            assertTrue(rotator.status().degradedReason().contains("failed"),
                    rotator.status().degradedReason());
            TicketKey local = last(installs).get(0);
            assertFalse(local.sameKeyAs(clusterKey));

            // The store answers again: the same rotator adopts the cluster's key and keeps its
            // local one decrypting, so tickets it issued meanwhile still resume here.
            switchable.down = false;
            rotator.tick();
            assertTrue(last(installs).get(0).sameKeyAs(clusterKey));
            assertTrue(last(installs).contains(local), "the local key still decrypts");
            assertFalse(local.isDestroyed());
            assertFalse(rotator.status().degraded(), rotator.status().degradedReason());
        } finally {
            rotator.close();
        }
    }

    /** A real store that can be switched off, as a cluster that goes down and comes back. */
    private static final class SwitchableStore implements RingStore {
        private final RingStore real;
        private volatile boolean down;

        SwitchableStore(RingStore real) {
            this.real = real;
        }

        private void check() {
            if (down) {
                throw new RingStoreException("down", null);
            }
        }

        @Override
        public byte[] putIfAbsent(long epoch, byte[] value, Duration timeToLive) {
            check();
            return real.putIfAbsent(epoch, value, timeToLive);
        }

        @Override
        public java.util.Map<Long, byte[]> read(long from, long to) {
            check();
            return real.read(from, to);
        }

        @Override
        public void putEntry(String name, byte[] value, Duration timeToLive) {
            check();
            real.putEntry(name, value, timeToLive);
        }

        @Override
        public byte[] putEntryIfAbsent(String name, byte[] value, Duration timeToLive) {
            check();
            return real.putEntryIfAbsent(name, value, timeToLive);
        }

        @Override
        public java.util.Map<String, byte[]> readEntries() {
            check();
            return real.readEntries();
        }

        @Override
        public void onChange(Runnable listener) {
        }

        @Override
        public int memberCount() {
            return down ? 0 : real.memberCount();
        }

        @Override
        public String describe() {
            return "switchable " + real.describe();
        }

        @Override
        public void close() {
        }
    }
}
