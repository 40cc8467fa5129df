package io.tlsresume.jetty;

import io.tlsresume.testkit.RoundRobinBalancer;
import static org.junit.jupiter.api.Assertions.assertAll;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.tlsresume.testkit.JdkHttpsClient;
import io.tlsresume.testkit.NodePair;
import io.tlsresume.testkit.OpenSslClient;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** Two Jetty nodes of one real two-member Hazelcast cluster resume each other's sessions. */
class JettyCrossNodeResumptionTest {
    private static NodePair<JettyNode> cluster;

    @BeforeAll
    static void startCluster() throws Exception {
        cluster = NodePair.start(JettyNode::start);
    }

    @AfterAll
    static void stopCluster() throws Exception {
        if (cluster != null) {
            cluster.close();
        }
    }

    @Test
    void nodesShareOneRing() {
        var a = cluster.a.sslContextFactory().getNode().metrics();
        var b = cluster.b.sslContextFactory().getNode().metrics();
        assertEquals(2, a.getClusterMembers());
        assertEquals(a.getCurrentKeyFingerprint(), b.getCurrentKeyFingerprint());
    }

    @Test
    void resumesOnOtherNodeWithTls12() {
        assertOpenSslResumesOnB("tls1_2");
    }

    @Test
    void resumesOnOtherNodeWithTls13() {
        assertOpenSslResumesOnB("tls1_3");
    }

    private static void assertOpenSslResumesOnB(String protocol) {
        long resumedBefore = cluster.b.resumedHandshakes();
        Path session = OpenSslClient.sessionFile();

        OpenSslClient.Result first = OpenSslClient.connect(cluster.a.port(), protocol, null,
                session);
        assertFalse(first.reused(), first.output());
        assertEquals(cluster.a.nodeId(), first.node(), first.output());

        OpenSslClient.Result second = OpenSslClient.connect(cluster.b.port(), protocol, session,
                null);
        assertTrue(second.reused(), second.output());
        assertEquals(cluster.b.nodeId(), second.node(), second.output());
        assertTrue(second.output().contains("resumed=true"), second.output());
        assertTrue(second.output().contains("X-TLS-Resumed: true"), second.output());
        assertEquals(resumedBefore + 1, cluster.b.resumedHandshakes());
    }

    @Test
    void javaClientResumesOnOtherNodeWithTls12SameSessionId() throws Exception {
        JdkHttpsClient.Exchange[] ab = javaClientOnAThenB("TLSv1.2");
        // RFC 5077 3.4: the server echoes the client's session id to accept the ticket.
        assertEquals(ab[0].sessionId(), ab[1].sessionId());
    }

    @Test
    void javaClientResumesOnOtherNodeWithTls13() throws Exception {
        javaClientOnAThenB("TLSv1.3");
    }

    /** One JDK client, two connections through the balancer: full on A, resumed on B. */
    private static JdkHttpsClient.Exchange[] javaClientOnAThenB(String protocol) throws Exception {
        JdkHttpsClient client = new JdkHttpsClient(protocol);
        JdkHttpsClient.Exchange onA;
        JdkHttpsClient.Exchange onB;
        try (RoundRobinBalancer balancer = cluster.balancer()) {
            onA = client.get(balancer.port());
            onB = client.get(balancer.port());
        }
        assertAll(
                () -> assertEquals(protocol, onB.protocol()),
                () -> assertFalse(onA.serverSaysResumed(), onA.body()),
                () -> assertTrue(onA.body().startsWith("node=" + cluster.nodeId(0)), onA.body()),
                () -> assertTrue(onB.body().startsWith("node=" + cluster.nodeId(1)), onB.body()),
                () -> assertTrue(onB.serverSaysResumed(), onB.body()));
        return new JdkHttpsClient.Exchange[] {onA, onB};
    }

    /**
     * Every connection is counted exactly once, as full or resumed: 200 connections through the
     * balancer alternate between the nodes; every third one starts a new client (full
     * handshake), the others offer their client's last session to whichever node they reach.
     */
    @Test
    void countsEveryConnectionOnceAsFullOrResumed() throws Exception {
        long fullBefore = cluster.a.fullHandshakes() + cluster.b.fullHandshakes();
        long resumedBefore = cluster.a.resumedHandshakes() + cluster.b.resumedHandshakes();
        long failedBefore = failed();
        int connections = 200;
        int resumedSeenByClients = 0;
        int newClients = 0;
        List<String> protocols = List.of("TLSv1.2", "TLSv1.3");
        JdkHttpsClient[] clients = new JdkHttpsClient[2];
        RoundRobinBalancer balancer = cluster.balancer();
        for (int i = 0; i < connections; i++) {
            int p = (i / 2) % 2;
            if (i % 3 == 0 || clients[p] == null) {
                clients[p] = new JdkHttpsClient(protocols.get(p));
                newClients++;
            }
            JettyNode target = i % 2 == 0 ? cluster.a : cluster.b;
            JdkHttpsClient.Exchange exchange = clients[p].get(balancer.port());
            assertTrue(exchange.body().startsWith("node=" + target.nodeId()), exchange.body());
            if (exchange.serverSaysResumed()) {
                resumedSeenByClients++;
            }
        }
        balancer.close();
        long full = cluster.a.fullHandshakes() + cluster.b.fullHandshakes() - fullBefore;
        long resumed = cluster.a.resumedHandshakes() + cluster.b.resumedHandshakes()
                - resumedBefore;
        System.out.printf("%d connections: full %d + resumed %d (clients saw %d resumed, %d new"
                + " clients)%n", connections, full, resumed, resumedSeenByClients, newClients);
        assertEquals(connections, full + resumed);
        assertEquals(resumedSeenByClients, resumed);
        // Each new client's first connection is full; every later one offers a session.
        assertEquals(newClients, full);
        assertEquals(failedBefore, failed());
    }

    private static long failed() {
        return cluster.a.sslContextFactory().getNode().metrics().getFailedHandshakes()
                + cluster.b.sslContextFactory().getNode().metrics().getFailedHandshakes();
    }
}
