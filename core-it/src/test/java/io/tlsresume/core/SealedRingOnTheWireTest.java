package io.tlsresume.core;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.tlsresume.core.ring.RotationSchedule;
import io.tlsresume.core.ring.TicketKey;
import io.tlsresume.testkit.NettyTestServer;
import io.tlsresume.testkit.OpenSslClient;
import io.tlsresume.testkit.Ports;
import io.tlsresume.testkit.RecordingProxy;
import io.tlsresume.testkit.TempFiles;
import io.tlsresume.testkit.TestNodes;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import org.junit.jupiter.api.Test;

/**
 * Issue 8, must-show 1: a wire tap between the two members of a real cluster, across several
 * rotations. Each member advertises a recording proxy as its public address, so every byte one
 * member sends the other passes the tap. With sealing on, no ticket key's HMAC or AES part is in
 * the recording although cross-node resumption works; the key names (public, in every ticket) are
 * there, which shows the tap did see the ring's traffic. With sealing off the same tap sees the
 * keys: the search would have found them.
 */
class SealedRingOnTheWireTest {
    private static final RotationSchedule SCHEDULE = new RotationSchedule(
            java.time.Duration.ofSeconds(2), java.time.Duration.ofSeconds(20));

    /** What one tapped run produced. */
    private record Run(byte[] wire, Map<String, TicketKey> keys, int connections, int resumed,
            String failures) { }

    @Test
    void sealedRingKeysNeverCrossTheWireYetResumptionWorksAcrossNodes() throws Exception {
        Run run = tappedRun("on", 4);
        int secretsFound = 0;
        int namesFound = 0;
        for (TicketKey key : run.keys().values()) {
            secretsFound += RecordingProxy.count(run.wire(), key.hmacKey());
            secretsFound += RecordingProxy.count(run.wire(), key.aesKey());
            namesFound += Math.min(1, RecordingProxy.count(run.wire(), key.name()));
        }
        System.out.printf("sealed: %d bytes tapped, %d keys, %d with their name on the wire,"
                + " %d/%d resumed%n", run.wire().length, run.keys().size(), namesFound,
                run.resumed(), run.connections());
        assertTrue(run.keys().size() >= 4, "keys of at least 4 epochs: " + run.keys().size());
        assertEquals(0, secretsFound, "ticket key bytes on the wire");
        assertTrue(namesFound >= 3, "the tap saw the envelopes (key names): " + namesFound);
        assertTrue(run.connections() >= 10, "connections: " + run.connections());
        assertEquals(run.connections(), run.resumed(), "every reconnection resumed on the other"
                + " node:\n" + run.failures());
    }

    @Test
    void withSealingOffTheSameTapSeesTheKeys() throws Exception {
        Run run = tappedRun("off", 2);
        int keysFound = 0;
        for (TicketKey key : run.keys().values()) {
            keysFound += Math.min(1, RecordingProxy.count(run.wire(), key.aesKey()));
        }
        System.out.printf("plain: %d bytes tapped, %d of %d keys' AES parts on the wire%n",
                run.wire().length, keysFound, run.keys().size());
        assertTrue(keysFound >= 2, "the tap finds plain keys: " + keysFound);
    }

    /**
     * Two nodes whose member traffic goes through two recording proxies; TLS 1.2 clients alternate
     * between the nodes for {@code epochs} rotations, each resuming the previous session.
     */
    private static Run tappedRun(String sealing, int epochs) throws Exception {
        TestNodes nodes = new TestNodes(2);
        int proxyA = Ports.free();
        int proxyB = Ports.free();
        Map<String, TicketKey> keys = new ConcurrentHashMap<>();
        try (RecordingProxy tapA = new RecordingProxy(proxyA, nodes.clusterPort(0));
                RecordingProxy tapB = new RecordingProxy(proxyB, nodes.clusterPort(1));
                ResumptionNode a = ResumptionNode.start(settings(nodes, 0, proxyA, proxyB,
                        sealing));
                ResumptionNode b = ResumptionNode.start(settings(nodes, 1, proxyB, proxyA,
                        sealing));
                NettyTestServer serverA = new NettyTestServer("A", a.newServerContext(List.of()));
                NettyTestServer serverB = new NettyTestServer("B", b.newServerContext(List.of()))) {
            for (ResumptionNode node : List.of(a, b)) {
                // Copies: the ring erases retired keys, the search comes afterwards.
                node.addKeyListener(installed -> installed.forEach(key -> keys.putIfAbsent(
                        key.fingerprint(), TicketKey.fromBytes(key.toBytes()))));
            }
            assertEquals(2, a.metrics().getClusterMembers(), "B joined A through the taps");
            Path session = OpenSslClient.sessionFile();
            OpenSslClient.connect(serverA.port(), "tls1_2", null, session);
            long start = SCHEDULE.epochAt(Instant.now());
            int connections = 0;
            int resumed = 0;
            StringBuilder failures = new StringBuilder();
            while (SCHEDULE.epochAt(Instant.now()) < start + epochs && connections < 300) {
                NettyTestServer target = connections % 2 == 0 ? serverB : serverA;
                Path next = OpenSslClient.sessionFile();
                OpenSslClient.Result result = OpenSslClient.connect(target.port(), "tls1_2",
                        session, next);
                connections++;
                if (result.reused()) {
                    resumed++;
                } else {
                    failures.append(result.output()).append("\n----\n");
                }
                if (Files.exists(next)) {
                    session = next;
                }
            }
            byte[] ab = tapA.recorded();
            byte[] ba = tapB.recorded();
            byte[] wire = java.util.Arrays.copyOf(ab, ab.length + ba.length);
            System.arraycopy(ba, 0, wire, ab.length, ba.length);
            return new Run(wire, Map.copyOf(keys), connections, resumed, failures.toString());
        }
    }

    /**
     * A member that advertises {@code publicPort} (its tap) and joins through {@code peerPort}
     * (the other member's tap); each lists only the other, so no member dials itself via a tap.
     * The ticket lifetime outlasts the run: a TLS 1.2 session ends one lifetime after its full
     * handshake however often it is renewed, and that must not count as a failure.
     */
    private static Settings settings(TestNodes nodes, int index, int publicPort, int peerPort,
            String sealing) throws IOException {
        Path config = TempFiles.file("tlsresume-tapped-", ".xml");
        Files.writeString(config, """
                <hazelcast xmlns="http://www.hazelcast.com/schema/config">
                  <cluster-name>%s</cluster-name>
                  <network>
                    <public-address>127.0.0.1:%d</public-address>
                    <port auto-increment="false">%d</port>
                    <interfaces enabled="true"><interface>127.0.0.1</interface></interfaces>
                    <join>
                      <auto-detection enabled="false"/>
                      <multicast enabled="false"/>
                      <tcp-ip enabled="true" connection-timeout-seconds="2">
                        <member>127.0.0.1:%d</member>
                      </tcp-ip>
                    </join>
                  </network>
                  <jet enabled="false"/>
                </hazelcast>
                """.formatted(nodes.clusterName(), publicPort, nodes.clusterPort(index),
                peerPort));
        return nodes.settings(index, b -> b.set("cluster.config", config.toString())
                .set("rotationInterval", "2s").set("ticketLifetime", "20s")
                .set("sealing", sealing));
    }
}
