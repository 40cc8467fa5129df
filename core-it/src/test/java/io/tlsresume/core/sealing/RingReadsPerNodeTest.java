package io.tlsresume.core.sealing;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.hazelcast.core.HazelcastInstance;
import io.tlsresume.core.KeySource;
import io.tlsresume.core.cluster.HazelcastInstances;
import io.tlsresume.core.cluster.HazelcastRingStore;
import io.tlsresume.core.ring.KeyRotator;
import io.tlsresume.core.ring.RotationSchedule;
import io.tlsresume.testkit.CountingRingStore;
import io.tlsresume.testkit.ManualScheduler;
import io.tlsresume.testkit.MutableClock;
import io.tlsresume.testkit.TestCertificates;
import io.tlsresume.testkit.TestNodes;
import java.security.SecureRandom;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import org.junit.jupiter.api.Test;

/**
 * Issue 16: a tick reads what changed, not every entry of the cluster. Counted, not timed: sealed
 * rings of 2 and of 8 real Hazelcast members, ticked round by round on one hand-driven clock
 * (nodes join over the first rotation interval so their cards renew at different ticks), entries
 * read through a counting store per node and tick over the second interval. Before, every tick
 * read every card and re-seal: 17.7 entries per node and tick at 2 nodes, 65 at 8 (bench item 7,
 * bench/results/2026-12-03-ring-scale-before). Now a node reads each renewed card once (N per
 * rotation interval of 10 ticks), each new envelope once, and what is asked of it: about 0.3 and
 * 1.3. The bound, fewer entries per tick than half the nodes, fails for the old design by far
 * at both sizes and leaves room for change events that arrive a tick late.
 */
class RingReadsPerNodeTest {
    private static final Duration ROTATION = Duration.ofMinutes(1);
    private final RotationSchedule schedule = new RotationSchedule(ROTATION,
            Duration.ofMinutes(4));
    private final KeySource tls = TestCertificates.get().keySource();

    @Test
    void aTickReadsWhatChangedNotEveryEntryOfTheCluster() {
        for (int n : new int[] {2, 8}) {
            double read = entriesReadPerNodeTick(n);
            assertTrue(read < n / 2.0, "entries read per node and tick with " + n + " nodes: "
                    + read + ", not below " + n / 2.0);
        }
    }

    private double entriesReadPerNodeTick(int n) {
        TestNodes cluster = new TestNodes(n);
        List<CompletableFuture<HazelcastInstance>> starting = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            int index = i;
            starting.add(CompletableFuture.supplyAsync(() -> HazelcastInstances.startMember(
                    cluster.settings(index))));
        }
        List<HazelcastInstance> members = starting.stream().map(CompletableFuture::join).toList();
        MutableClock clock = new MutableClock(Instant.parse("2026-12-01T10:00:00Z"));
        ManualScheduler scheduler = new ManualScheduler(clock);
        SecureRandom random = new SecureRandom();
        List<CountingRingStore> stores = new ArrayList<>();
        List<KeyRotator> rotators = new ArrayList<>();
        try {
            for (int i = 0; i < n; i++) {
                CountingRingStore store = new CountingRingStore(new HazelcastRingStore(
                        members.get(i), Duration.ofSeconds(20), "member " + i));
                SealedRingCodec codec = new SealedRingCodec(new NodeIdentity("n" + i + "-"
                        + cluster.clusterName().substring(5, 13), tls.loadPrivateKey(),
                        tls.certificateChain()), CardTrust.sameKey(tls.certificateChain().get(0)
                        .getPublicKey()), store, schedule, random);
                stores.add(store);
                rotators.add(new KeyRotator(schedule, store, codec, clock, scheduler, random, n));
            }
            int ticksPerRotation = (int) (ROTATION.toMillis() / schedule.tickPeriod().toMillis());
            long readBefore = 0;
            long ticks = 0;
            for (int round = 0; round < 2 * ticksPerRotation; round++) {
                if (round == ticksPerRotation) {
                    readBefore = stores.stream().mapToLong(s -> s.counts().entriesRead()).sum();
                }
                for (int i = 0; i < n; i++) {
                    if (round * n >= i * ticksPerRotation) { // node i joins at i/n of a rotation
                        rotators.get(i).tick();
                        ticks += round >= ticksPerRotation ? 1 : 0;
                    }
                }
                clock.advance(schedule.tickPeriod());
            }
            String encrypting = rotators.get(0).status().currentFingerprint();
            for (KeyRotator rotator : rotators) {
                assertEquals(encrypting, rotator.status().currentFingerprint(),
                        "every node encrypts with the cluster's key");
            }
            long read = stores.stream().mapToLong(s -> s.counts().entriesRead()).sum()
                    - readBefore;
            return read / (double) ticks;
        } finally {
            rotators.forEach(KeyRotator::close);
            members.forEach(m -> m.getLifecycleService().terminate());
        }
    }
}
