package io.tlsresume.core;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.tlsresume.testkit.NettyTestServer;
import io.tlsresume.testkit.OpenSslClient;
import io.tlsresume.testkit.TestNodes;
import io.tlsresume.testkit.TwoNodeCluster;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** Two nodes of a real two-member Hazelcast cluster resume each other's sessions. */
class CrossNodeResumptionTest {
    private static TwoNodeCluster cluster;
    private static ResumptionNode nodeA;
    private static ResumptionNode nodeB;
    private static NettyTestServer serverA;
    private static NettyTestServer serverB;

    @BeforeAll
    static void startCluster() throws Exception {
        cluster = TwoNodeCluster.start(settings -> { });
        nodeA = cluster.nodeA;
        nodeB = cluster.nodeB;
        serverA = cluster.serverA;
        serverB = cluster.serverB;
    }

    @AfterAll
    static void stop() {
        cluster.close();
    }

    @ParameterizedTest
    @ValueSource(strings = {"tls1_2", "tls1_3"})
    void resumesOnOtherNode(String protocol) {
        assertEquals(2, nodeA.metrics().getClusterMembers());
        assertEquals(nodeA.metrics().getCurrentKeyFingerprint(),
                nodeB.metrics().getCurrentKeyFingerprint());
        long resumedBefore = nodeB.metrics().getResumedHandshakes();

        Path session = OpenSslClient.sessionFile();
        OpenSslClient.Result first = OpenSslClient.connect(serverA.port(), protocol, null, session);
        assertFalse(first.reused(), first.output());
        assertEquals("A", first.node());

        OpenSslClient.Result second = OpenSslClient.connect(serverB.port(), protocol, session, null);
        assertTrue(second.reused(), second.output());
        assertEquals("B", second.node());
        assertTrue(second.output().contains("resumed=true"), second.output());
        assertEquals(resumedBefore + 1, nodeB.metrics().getResumedHandshakes());
    }

    @Test
    void zeroRttIsNeverAccepted() throws Exception {
        // RFC 8446 section 8: early data is replayable, so tickets must not allow it.
        Path session = OpenSslClient.sessionFile();
        OpenSslClient.connect(serverA.port(), "tls1_3", null, session);
        Path early = io.tlsresume.testkit.TempFiles.file("tlsresume-early", ".txt");
        java.nio.file.Files.writeString(early, "GET / HTTP/1.1\r\nHost: localhost\r\n\r\n");
        OpenSslClient.Result result = OpenSslClient.connect(serverB.port(), "tls1_3", session,
                null, "-early_data", early.toString());
        assertTrue(result.reused(), result.output());
        assertFalse(result.output().contains("Early data was accepted"), result.output());
        assertTrue(result.output().contains("Max Early Data: 0"), result.output());
    }

    @Test
    void metricsArePublishedOverJmxWithoutKeyBytes() throws Exception {
        var server = java.lang.management.ManagementFactory.getPlatformMBeanServer();
        var name = new javax.management.ObjectName("io.tlsresume:type=Node,name="
                + javax.management.ObjectName.quote(nodeB.settings().nodeId()));
        OpenSslClient.connect(serverB.port(), "tls1_2", null, null);
        assertTrue((Long) server.getAttribute(name, "FullHandshakes") >= 1);
        assertEquals(2, server.getAttribute(name, "ClusterMembers"));
        assertEquals(false, server.getAttribute(name, "Degraded"));
        String fingerprint = (String) server.getAttribute(name, "CurrentKeyFingerprint");
        assertTrue(fingerprint.matches("[0-9a-f]{8}"), fingerprint);
        assertTrue((Integer) server.getAttribute(name, "RingSize") >= 2, "current + next");
    }

    @Test
    void nodesWithoutSharedRingDoNotResumeEachOther() throws Exception {
        TestNodes separate = new TestNodes(2);
        try (ResumptionNode loneA = ResumptionNode.start(separate.settings(0,
                        b -> b.set("cluster.mode", "none")));
                ResumptionNode loneB = ResumptionNode.start(separate.settings(1,
                        b -> b.set("cluster.mode", "none")));
                NettyTestServer a = new NettyTestServer("A", loneA.newServerContext(List.of()));
                NettyTestServer b = new NettyTestServer("B", loneB.newServerContext(List.of()))) {
            for (String protocol : List.of("tls1_2", "tls1_3")) {
                Path session = OpenSslClient.sessionFile();
                OpenSslClient.connect(a.port(), protocol, null, session);
                OpenSslClient.Result same = OpenSslClient.connect(a.port(), protocol, session, null);
                assertTrue(same.reused(), "same node must still resume: " + same.output());
                OpenSslClient.Result other = OpenSslClient.connect(b.port(), protocol, session, null);
                assertFalse(other.reused(), other.output());
            }
            assertTrue(loneB.metrics().getTicketDecryptFailures() >= 2,
                    loneB.metrics().toString());
        }
    }
}
