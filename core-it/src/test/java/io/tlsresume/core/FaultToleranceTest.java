package io.tlsresume.core;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.tlsresume.testkit.ManualScheduler;
import io.tlsresume.testkit.MutableClock;
import io.tlsresume.core.ring.RotationSchedule;
import io.tlsresume.testkit.LogCapture;
import io.tlsresume.testkit.NettyTestServer;
import io.tlsresume.testkit.NodeProcess;
import io.tlsresume.testkit.OpenSslClient;
import io.tlsresume.testkit.Ports;
import io.tlsresume.testkit.TestNodes;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** The ring keeps serving when Hazelcast members die, hang, or were never there. */
class FaultToleranceTest {

    @Test
    @Timeout(value = 90, unit = TimeUnit.SECONDS)
    void survivingNodeKeepsResumingAfterItsPeerStops() throws Exception {
        TestNodes nodes = new TestNodes(2);
        ResumptionNode nodeA = nodes.start(0);
        ResumptionNode nodeB = nodes.start(1);
        try (NettyTestServer serverA = new NettyTestServer("A", nodeA.newServerContext(List.of()));
                NettyTestServer serverB = new NettyTestServer("B",
                        nodeB.newServerContext(List.of()))) {
            Path session = OpenSslClient.sessionFile();
            OpenSslClient.connect(serverA.port(), "tls1_2", null, session);

            nodeA.close(); // A's member leaves mid-run
            for (int i = 0; i < 5; i++) {
                OpenSslClient.Result result = OpenSslClient.connect(serverB.port(), "tls1_2",
                        session, null);
                assertTrue(result.reused(), result.output());
            }
            waitForMembers(nodeB, 1);
            assertTrue(nodeB.metrics().isDegraded(), "alone with a peer configured");
        } finally {
            nodeB.close();
        }
    }

    /** The join grace runs on the node's clock, which the test moves: no waiting for it. */
    @Test
    @Timeout(value = 90, unit = TimeUnit.SECONDS)
    void nodeWithNoReachablePeerServesAndWarns() throws Exception {
        int deadPeer = Ports.free();
        ManualScheduler scheduler = new ManualScheduler(new MutableClock(Instant.now()));
        try (LogCapture logs = new LogCapture();
                ResumptionNode lonely = ResumptionNode.builder(new TestNodes(1).settings(0,
                        b -> b.set("cluster.members", "127.0.0.1:" + deadPeer)
                                .set("cluster.joinGrace", "2s")))
                        .clock(scheduler.clock()).scheduler(scheduler).start();
                NettyTestServer server = new NettyTestServer("A",
                        lonely.newServerContext(List.of()))) {
            OpenSslClient.Result full = OpenSslClient.connect(server.port(), "tls1_3", null, null);
            assertFalse(full.reused());
            assertEquals("A", full.node());
            assertTrue(lonely.metrics().isDegraded());
            assertTrue(logs.contains("INFO", "no other member reachable"), logs.text());
            Duration tick = new RotationSchedule(lonely.settings().rotationInterval(),
                    lonely.settings().ticketLifetime()).tickPeriod();
            scheduler.advance(Duration.ofMillis(1900)); // still in the 2 s grace
            assertFalse(logs.contains("WARNING", "no other member reachable"),
                    "alone at start is only worth an INFO during the join grace");
            scheduler.advance(tick); // the first tick after the grace
            assertTrue(logs.contains("WARNING", "no other member reachable"), logs.text());
            assertTrue(lonely.metrics().isDegraded());
        } finally {
            scheduler.shutdown();
        }
    }

    @Test
    @Timeout(value = 120, unit = TimeUnit.SECONDS)
    void handshakesCompleteWhileThePeerMemberIsFrozen() throws Exception {
        TestNodes nodes = new TestNodes(2);
        // Short rotation: the frozen period spans a rotation, which needs the store.
        ResumptionNode nodeA = ResumptionNode.start(nodes.settings(0,
                b -> b.set("rotationInterval", "2s").set("ticketLifetime", "60s")
                        .set("cluster.timeout", "500ms")));
        try (NodeProcess peer = new NodeProcess(List.of("nodeId=frozen-peer",
                        "cluster.name=" + nodes.clusterName(), "cluster.members=" + nodes.members(),
                        "cluster.port=" + nodes.clusterPort(1), "rotationInterval=2s",
                        "ticketLifetime=60s"));
                NettyTestServer serverA = new NettyTestServer("A",
                        nodeA.newServerContext(List.of()))) {
            waitForMembers(nodeA, 2);
            Path session = OpenSslClient.sessionFile();
            OpenSslClient.connect(peer.tlsPort(), "tls1_2", null, session);
            OpenSslClient.Result before = OpenSslClient.connect(serverA.port(), "tls1_2", session,
                    null);
            assertTrue(before.reused(), "cross-process resumption before the freeze: "
                    + before.output() + "\nA: " + nodeA.metrics() + "\npeer log: "
                    + peer.logFile());

            peer.freeze();
            long fullBefore = nodeA.metrics().getFullHandshakes();
            long resumedBefore = nodeA.metrics().getResumedHandshakes();
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(6);
            int connections = 0;
            while (System.nanoTime() < deadline) {
                long start = System.nanoTime();
                OpenSslClient.Result result = OpenSslClient.connect(serverA.port(), "tls1_2",
                        connections % 2 == 0 ? session : null, null);
                long millis = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - start);
                assertEquals("A", result.node());
                assertTrue(millis < 3000, "handshake took " + millis + " ms with a frozen peer");
                connections++;
            }
            assertEquals(connections, nodeA.metrics().getFullHandshakes() - fullBefore
                    + nodeA.metrics().getResumedHandshakes() - resumedBefore);
            assertTrue(nodeA.metrics().getResumedHandshakes() > resumedBefore);
        } finally {
            nodeA.close();
        }
    }

    @Test
    @Timeout(value = 90, unit = TimeUnit.SECONDS)
    void lonelyNodeConvergesOnTheClusterRingWhenItsPeerArrives() throws Exception {
        TestNodes nodes = new TestNodes(2);
        ResumptionNode first = nodes.start(0);
        try (NettyTestServer serverA = new NettyTestServer("A",
                first.newServerContext(List.of()))) {
            assertTrue(first.metrics().isDegraded(), "alone at start");
            try (ResumptionNode second = nodes.start(1);
                    NettyTestServer serverB = new NettyTestServer("B",
                            second.newServerContext(List.of()))) {
                waitForMembers(first, 2);
                assertFalse(first.metrics().isDegraded(), first.metrics().getDegradedReason());
                assertEquals(first.metrics().getCurrentKeyFingerprint(),
                        second.metrics().getCurrentKeyFingerprint());
                Path session = OpenSslClient.sessionFile();
                OpenSslClient.connect(serverA.port(), "tls1_3", null, session);
                assertTrue(OpenSslClient.connect(serverB.port(), "tls1_3", session, null)
                        .reused());
            }
        } finally {
            first.close();
        }
    }

    @Test
    @Timeout(value = 90, unit = TimeUnit.SECONDS)
    void clientModeNodeServesBeforeTheClusterAnswersThenShares() throws Exception {
        TestNodes nodes = new TestNodes(1);
        try (LogCapture logs = new LogCapture();
                ResumptionNode client = ResumptionNode.start(nodes.settings(0, b -> b
                        .set("nodeId", "client-" + nodes.clusterName())
                        .set("cluster.mode", "client").set("cluster.timeout", "500ms")));
                NettyTestServer clientServer = new NettyTestServer("C",
                        client.newServerContext(List.of()))) {
            // No member runs yet: the client node still serves, degraded.
            assertEquals("C", OpenSslClient.connect(clientServer.port(), "tls1_2", null, null)
                    .node());
            assertTrue(client.metrics().isDegraded());
            assertTrue(logs.contains("WARNING", "Key ring degraded"), logs.text());

            try (ResumptionNode member = nodes.start(0);
                    NettyTestServer memberServer = new NettyTestServer("M",
                            member.newServerContext(List.of()))) {
                for (int i = 0; i < 300 && client.metrics().isDegraded(); i++) {
                    Thread.sleep(100);
                    client.syncRingNow();
                }
                assertFalse(client.metrics().isDegraded(), client.metrics().getDegradedReason());
                member.syncRingNow();
                Path session = OpenSslClient.sessionFile();
                OpenSslClient.connect(memberServer.port(), "tls1_2", null, session);
                assertTrue(OpenSslClient.connect(clientServer.port(), "tls1_2", session, null)
                        .reused(), "the client node resumes the member's sessions");
            }
        }
    }

    private static void waitForMembers(ResumptionNode node, int count) throws InterruptedException {
        for (int i = 0; i < 300 && node.metrics().getClusterMembers() != count; i++) {
            Thread.sleep(100);
        }
        assertEquals(count, node.metrics().getClusterMembers());
        node.syncRingNow();
    }
}
