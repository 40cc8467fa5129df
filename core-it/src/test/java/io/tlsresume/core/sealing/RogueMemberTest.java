package io.tlsresume.core.sealing;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.hazelcast.core.HazelcastInstance;
import com.hazelcast.map.IMap;
import io.tlsresume.core.KeySource;
import io.tlsresume.core.ResumptionNode;
import io.tlsresume.core.Settings;
import io.tlsresume.core.cluster.HazelcastInstances;
import io.tlsresume.core.cluster.HazelcastRingStore;
import io.tlsresume.testkit.ManualScheduler;
import io.tlsresume.testkit.MutableClock;
import io.tlsresume.core.ring.RotationSchedule;
import io.tlsresume.core.ring.TicketKey;
import io.tlsresume.testkit.NettyTestServer;
import io.tlsresume.testkit.OpenSslClient;
import io.tlsresume.testkit.TestCertificates;
import io.tlsresume.testkit.TestNodes;
import java.security.GeneralSecurityException;
import java.security.SecureRandom;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/**
 * Issue 8, must-show 2: a rogue member joins the real cluster with the right cluster name but a
 * certificate key the nodes do not trust. It publishes a card, reads everything, tries every seal
 * with its own ephemeral key, and writes entries for future epochs before the honest nodes do: a
 * validly sealed envelope signed by itself, a plain key, an honest envelope replayed into another
 * epoch, an honest envelope with one byte changed, and garbage. No honest node seals to it, it
 * opens nothing, no honest node adopts anything it wrote, and both nodes keep serving. The honest
 * nodes' clock is moved by the test through the seven planted epochs, real clients connecting
 * at every step.
 */
class RogueMemberTest {
    private static final Duration ROTATION = Duration.ofSeconds(2);
    private static final RotationSchedule SCHEDULE = new RotationSchedule(ROTATION,
            Duration.ofSeconds(20));
    private final SecureRandom random = new SecureRandom();
    private final MutableClock clock = new MutableClock(Instant.now());
    private final ManualScheduler scheduler = new ManualScheduler(clock);

    @Test
    void rogueMemberReadsNothingAndPlantsNothing() throws Exception {
        TestNodes nodes = new TestNodes(3);
        Map<String, Boolean> installedOnHonest = new ConcurrentHashMap<>();
        try (ResumptionNode a = start(nodes, 0);
                ResumptionNode b = start(nodes, 1);
                NettyTestServer serverA = new NettyTestServer("A", a.newServerContext(List.of()));
                NettyTestServer serverB = new NettyTestServer("B", b.newServerContext(List.of()))) {
            a.addKeyListener(keys -> keys.forEach(k -> installedOnHonest.put(k.fingerprint(), true)));
            b.addKeyListener(keys -> keys.forEach(k -> installedOnHonest.put(k.fingerprint(), true)));
            HazelcastInstance rogue = HazelcastInstances.startMember(nodes.settings(2));
            try {
                assertEquals(3, rogue.getCluster().getMembers().size(), "the rogue joined");
                IMap<Long, byte[]> ring = rogue.getMap(HazelcastRingStore.MAP_NAME);
                IMap<String, byte[]> side = rogue.getMap(HazelcastRingStore.ENTRIES_MAP_NAME);

                KeySource rogueKeys = TestCertificates.keySourceOf(
                        TestCertificates.get().generateOther("rogue", "EC"));
                NodeIdentity rogueId = new NodeIdentity("rogue", rogueKeys.loadPrivateKey(),
                        rogueKeys.certificateChain());
                EphemeralKeyPair roguePair = EphemeralKeyPair.generate(random, clock.instant());
                side.put("card/rogue", MembershipCard.sign(rogueId, roguePair,
                        clock.instant().plusSeconds(600)));

                // Plant entries for epochs the honest nodes have not written yet.
                waitForEpochStart();
                long e = SCHEDULE.epochAt(clock.instant());
                List<MembershipCard> honestCards = new ArrayList<>();
                for (String node : List.of(a.settings().nodeId(), b.settings().nodeId())) {
                    honestCards.add(MembershipCard.verify(side.get("card/" + node)));
                }
                byte[] honestEnvelope = ring.get(e);
                List<TicketKey> planted = List.of(TicketKey.generate(e + 2, random),
                        TicketKey.generate(e + 3, random));
                plant(ring, e + 2, Envelope.seal(rogueId, planted.get(0), honestCards,
                        clock.instant()));
                plant(ring, e + 3, planted.get(1).toBytes());
                plant(ring, e + 4, honestEnvelope);
                byte[] altered = honestEnvelope.clone();
                altered[40] ^= 1;
                plant(ring, e + 5, altered);
                plant(ring, e + 6, "not an envelope".getBytes());

                // Serve through every planted epoch while the rogue tries every seal it sees.
                scheduler.markRealTime();
                int attempts = 0;
                Set<String> seen = ConcurrentHashMap.newKeySet();
                while (SCHEDULE.epochAt(clock.instant()) <= e + 6) {
                    for (byte[] bytes : allEnvelopes(ring, side)) {
                        Envelope envelope;
                        try {
                            envelope = Envelope.verify(bytes);
                        } catch (GeneralSecurityException notAnEnvelope) {
                            continue;
                        }
                        if (!envelope.creator().equals("rogue")) {
                            assertFalse(envelope.isSealedTo(roguePair.idHex()),
                                    "an honest node sealed to the rogue's card");
                        }
                        for (String card : envelope.seals().keySet()) {
                            if (envelope.creator().equals("rogue") || !seen.add(card + envelope)) {
                                continue;
                            }
                            attempts++;
                            assertThrows(GeneralSecurityException.class,
                                    () -> envelope.openSeal(card, roguePair));
                        }
                    }
                    assertEquals("A", OpenSslClient.connect(serverA.port(), "tls1_2", null, null)
                            .node(), "A serves");
                    assertEquals("B", OpenSslClient.connect(serverB.port(), "tls1_3", null, null)
                            .node(), "B serves");
                    // Two steps an epoch; never slower than real time, which the entries' TTLs in
                    // Hazelcast (cards: two rotations) follow.
                    scheduler.advanceNoSlowerThanRealTime(Duration.ofSeconds(1));
                }

                for (TicketKey key : planted) {
                    assertFalse(installedOnHonest.containsKey(key.fingerprint()),
                            "an honest node installed the rogue's key " + key.fingerprint());
                }
                System.out.printf("rogue: %d seal openings tried, all failed; A %s; B %s%n",
                        attempts, a.metrics(), b.metrics());
                assertTrue(attempts >= 4, "the rogue tried the honest seals: " + attempts);
                for (ResumptionNode node : List.of(a, b)) {
                    assertTrue(node.metrics().getRejectedCards() >= 1, node.metrics().toString());
                    assertTrue(node.metrics().getRejectedEnvelopes() >= 5,
                            node.metrics().toString());
                    assertEquals(0, node.metrics().getFailedHandshakes());
                }
            } finally {
                rogue.getLifecycleService().terminate();
            }
        } finally {
            scheduler.shutdown();
        }
    }

    private ResumptionNode start(TestNodes nodes, int index) throws Exception {
        return scheduler.whileAdvancing(Duration.ofMillis(100), () -> ResumptionNode.builder(
                nodes.settings(index, RogueMemberTest::fast)).clock(clock).scheduler(scheduler)
                .start());
    }

    private static List<byte[]> allEnvelopes(IMap<Long, byte[]> ring, IMap<String, byte[]> side) {
        List<byte[]> all = new ArrayList<>();
        // Ring entries carry their key-operation generation before the envelope.
        ring.values().forEach(entry -> all.add(io.tlsresume.core.ring.RingEntry.payloadOf(entry)));
        side.forEach((name, bytes) -> {
            if (name.startsWith("reseal/")) {
                all.add(bytes);
            }
        });
        return all;
    }

    private static void plant(IMap<Long, byte[]> ring, long epoch, byte[] bytes) {
        assertTrue(ring.putIfAbsent(epoch, bytes, 60, TimeUnit.SECONDS) == null,
                "epoch " + epoch + " was still free");
    }

    private void waitForEpochStart() {
        Instant next = SCHEDULE.start(SCHEDULE.epochAt(clock.instant()) + 1).plusMillis(300);
        scheduler.advance(Duration.between(clock.instant(), next));
    }

    private static void fast(Settings.Builder builder) {
        builder.set("rotationInterval", "2s").set("ticketLifetime", "20s");
    }
}
