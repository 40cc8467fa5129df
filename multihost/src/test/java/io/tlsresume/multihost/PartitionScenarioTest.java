package io.tlsresume.multihost;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.tlsresume.testkit.hosts.Host;
import io.tlsresume.testkit.hosts.HostedNode;
import io.tlsresume.testkit.hosts.LoadFigures;
import io.tlsresume.testkit.hosts.ReconnectingLoad;
import java.time.Duration;
import java.util.Locale;
import java.util.Map;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Three hosts behind HAProxy under load; one host's link goes down for longer than two rotation
 * intervals, so each side publishes its own keys for the same epochs. Both sides keep serving
 * (the majority through the balancer, the cut-off node to clients on its own host), no handshake
 * fails, and after the link is back Hazelcast merges the cut-off member into the majority, whose
 * keys win (PutIfAbsent merge): measured here is how long until every node encrypts under one
 * key again, and cross-node resumption after that.
 */
class PartitionScenarioTest {
    private static final Duration ROTATION = Scenarios.length(Duration.ofSeconds(10),
            Duration.ofSeconds(60));
    /** Target from the issue: one ring two rotator ticks after the merge. */
    private static final Duration TICK = Duration.ofMillis(Math.max(100,
            Math.min(ROTATION.toMillis() / 10, 10_000)));

    @BeforeAll
    static void runnable() {
        Scenarios.assumeRunnable();
    }

    @Test
    void bothSidesServeThroughAPartitionAndOneRingReturnsAfterTheMerge() throws Exception {
        long begin = System.nanoTime();
        try (MultiHostCluster cluster = MultiHostCluster.builder(3)
                .settings("rotationInterval=" + ROTATION.toSeconds() + "s",
                        "ticketLifetime=" + ROTATION.multipliedBy(60).toSeconds() + "s")
                .start()) {
            cluster.awaitOneRing(Duration.ofSeconds(60));
            Duration setUp = Duration.ofNanos(System.nanoTime() - begin);
            Host cut = cluster.host(2);
            HostedNode island = cluster.node(2);
            Map<String, Long> before = cluster.serverCounts();
            try (ReconnectingLoad tls12 = cluster.load(ReconnectingLoad.Mode.TLS12_TICKETS, 2);
                    ReconnectingLoad tls13 = cluster.load(ReconnectingLoad.Mode.TLS13, 2)) {
                assertTrue(tls12.awaitConnections(20, Duration.ofSeconds(60)));
                LoadFigures atCut = tls12.figures().plus(tls13.figures());

                // The partition: longer than two rotations, so both sides rotate on their own.
                Duration partition = ROTATION.multipliedBy(2).plus(ROTATION.dividedBy(2));
                LoadFigures duringPartition;
                long islandResumed;
                long islandFull;
                String islandKey;
                String majorityKey;
                cut.disconnect();
                try (IslandClient islandClient = new IslandClient(cut, island.tlsPort())) {
                    Thread.sleep(partition.toMillis());
                    islandKey = island.currentKeyFingerprint();
                    majorityKey = cluster.node(0).currentKeyFingerprint();
                    islandClient.close();
                    islandResumed = islandClient.resumed();
                    islandFull = islandClient.full();
                    assertEquals(0, islandClient.failed(), () -> "the cut-off node failed its"
                            + " own host's clients: " + islandClient.lastFailure());
                    assertTrue(islandResumed > 0, "the cut-off node resumed its own clients");
                } finally {
                    duringPartition = Windows.settled(tls12.figures().plus(tls13.figures())
                            .minus(atCut));
                    cut.reconnect();
                }
                long reconnected = System.nanoTime();
                assertTrue(!islandKey.equals(majorityKey), "each side encrypted under its own"
                        + " key after two rotations apart: " + islandKey + " / " + majorityKey);

                // The merge: every node sees three members again ...
                awaitMembers(cluster, 3, Duration.ofSeconds(90));
                long merged = System.nanoTime();
                // ... then one ring: the cut-off node adopts the majority's keys.
                String ring = cluster.awaitOneRing(Duration.ofSeconds(60));
                long oneRing = System.nanoTime();
                Duration mergeTime = Duration.ofNanos(merged - reconnected);
                Duration ringAfterMerge = Duration.ofNanos(oneRing - merged);

                // Cross-node resumption once the ring is one again (clients first replace the
                // tickets the cut-off node issued under its own keys: one connection each).
                assertTrue(tls12.awaitConnections(4, Duration.ofSeconds(30)));
                assertTrue(tls13.awaitConnections(4, Duration.ofSeconds(30)));
                LoadFigures healedStart = tls12.figures().plus(tls13.figures());
                Thread.sleep(Scenarios.length(Duration.ofSeconds(10), Duration.ofSeconds(60))
                        .toMillis());
                LoadFigures healed = Windows.settled(tls12.figures().plus(tls13.figures())
                        .minus(healedStart));
                LoadFigures all = tls12.stop().plus(tls13.stop());
                Map<String, Long> after = cluster.serverCounts();
                String line = Scenarios.report("partition-3-hosts", all, before, after, String
                        .format(Locale.ROOT, "rotation=%ds partition=%ds partition-figures=[%s]"
                                + " island-resumed=%d island-full=%d merge-after-reconnect=%dms"
                                + " one-ring-after-members-merged=%dms (tick %dms) healed-rate=%.2f%%"
                                + " healed-connections=%d ring=%s set-up=%ds", ROTATION.toSeconds(),
                                partition.toSeconds(), brief(duringPartition), islandResumed,
                                islandFull, mergeTime.toMillis(), ringAfterMerge.toMillis(),
                                TICK.toMillis(), 100 * healed.resumedRate(),
                                healed.connections(), ring, setUp.toSeconds()));
                assertEquals(0, all.failed(), () -> "failed handshakes: " + tls12.failures()
                        + tls13.failures() + "\n" + line);
                // A connection HAProxy had already handed to the cut host when its link went
                // down is lost with the link (read timeout): at most one per client. None
                // outside that moment.
                assertTrue(duringPartition.refused() <= 4, () -> "refused during the cut: "
                        + tls12.failures() + tls13.failures() + "\n" + line);
                assertEquals(duringPartition.refused(), all.refused(), () -> "refused: "
                        + tls12.failures() + tls13.failures() + "\n" + line);
                assertEquals(0, Scenarios.delta("FailedHandshakes", before, after), line);
                assertTrue(duringPartition.connections() >= 20,
                        "the majority kept serving through the balancer: " + duringPartition);
                assertTrue(healed.connections() >= 40, "enough reconnections: " + healed);
                assertTrue(healed.resumedRate() >= 0.999, () -> "after the merge: " + healed
                        + "\n" + line);
                assertTrue(ringAfterMerge.compareTo(TICK.multipliedBy(2).plusSeconds(5)) <= 0,
                        "one ring within two ticks of the merge (plus 5 s of polling on a"
                                + " loaded machine): " + line);
                cluster.awaitOneRing(Duration.ofSeconds(30)); // and it stays one
            }
        }
    }

    private static void awaitMembers(MultiHostCluster cluster, long count, Duration timeout)
            throws InterruptedException {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (true) {
            boolean all = true;
            StringBuilder seen = new StringBuilder();
            for (HostedNode node : cluster.running()) {
                long members = node.metrics().getOrDefault("ClusterMembers", -1L);
                all &= members == count;
                seen.append(node.host().name()).append('=').append(members).append(' ');
            }
            if (all) {
                return;
            }
            if (System.nanoTime() > deadline) {
                throw new AssertionError("members not merged within " + timeout + ": " + seen
                        + "\n" + cluster.logs());
            }
            Thread.sleep(100);
        }
    }

    private static String brief(LoadFigures f) {
        return String.format(Locale.ROOT, "connections=%d resumed=%d full=%d failed=%d refused=%d",
                f.connections(), f.resumed(), f.full(), f.failed(), f.refused());
    }
}
