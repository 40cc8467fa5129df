package io.tlsresume.core;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.tlsresume.testkit.NettyTestServer;
import io.tlsresume.testkit.OpenSslClient;
import io.tlsresume.testkit.Ports;
import io.tlsresume.testkit.TempFiles;
import io.tlsresume.testkit.TestCertificates;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.Test;

/** cluster.config: nodes configured by their own Hazelcast XML files still share one ring. */
class UserHazelcastConfigTest {

    private static Path memberXml(String cluster, int port, int peer) throws Exception {
        return memberXml(cluster, port, peer, "");
    }

    /** A member file joining {@code port} and {@code peer}, with more {@code <network>} XML. */
    private static Path memberXml(String cluster, int port, int peer, String moreNetwork)
            throws Exception {
        Path file = TempFiles.file("tlsresume-hazelcast", ".xml");
        Files.writeString(file, """
                <hazelcast xmlns="http://www.hazelcast.com/schema/config">
                  <cluster-name>%s</cluster-name>
                  <network>
                    <port auto-increment="false">%d</port>
                    <interfaces enabled="true"><interface>127.0.0.1</interface></interfaces>
                    <join>
                      <multicast enabled="false"/>
                      <auto-detection enabled="false"/>
                      <tcp-ip enabled="true">
                        <member>127.0.0.1:%d</member>
                        <member>127.0.0.1:%d</member>
                      </tcp-ip>
                    </join>
                    %s
                  </network>
                </hazelcast>
                """.formatted(cluster, port, port, peer, moreNetwork));
        return file;
    }

    /** @param id the node id, or null for the default */
    private static Settings settings(String id, Path config) {
        Settings.Builder b = Settings.builder().set("cluster.config", config.toString())
                .keySource(TestCertificates.get().keySource());
        return (id == null ? b : b.set("nodeId", id)).build();
    }

    @Test
    void nodesWithTheirOwnHazelcastFilesShareTheRing() throws Exception {
        String id = UUID.randomUUID().toString();
        resumeAcross("ua-" + id, "ub-" + id);
    }

    @Test
    void nodesWithTheirOwnFilesAndDefaultIdsGetDistinctIdsAndShareTheRing() throws Exception {
        // The settings' cluster.port is unused here: it once gave both nodes "<host>-5701".
        resumeAcross(null, null);
    }

    /** Two nodes, each with its own file and id (null: the default), resume each other. */
    private static void resumeAcross(String idA, String idB) throws Exception {
        String cluster = "user-config-" + UUID.randomUUID();
        int portA = Ports.free();
        int portB = Ports.free();
        Settings settingsA = settings(idA, memberXml(cluster, portA, portB));
        Settings settingsB = settings(idB, memberXml(cluster, portB, portA));
        assertNotEquals(settingsA.nodeId(), settingsB.nodeId());
        try (ResumptionNode a = ResumptionNode.start(settingsA);
                ResumptionNode b = ResumptionNode.start(settingsB);
                NettyTestServer serverA = new NettyTestServer("A", a.newServerContext(List.of()));
                NettyTestServer serverB = new NettyTestServer("B", b.newServerContext(List.of()))) {
            for (int i = 0; i < 100 && b.metrics().getClusterMembers() != 2; i++) {
                Thread.sleep(100);
            }
            assertEquals(2, b.metrics().getClusterMembers());
            b.syncRingNow();
            Path session = OpenSslClient.sessionFile();
            OpenSslClient.connect(serverA.port(), "tls1_3", null, session);
            assertTrue(OpenSslClient.connect(serverB.port(), "tls1_3", session, null).reused());
        }
    }

    @Test
    void portInUseInTheUsersOwnFileNamesClusterConfig() throws Exception {
        try (ServerSocket taken = new ServerSocket(0, 1, InetAddress.getByName("127.0.0.1"))) {
            int port = taken.getLocalPort();
            Path file = memberXml("taken-" + UUID.randomUUID(), port, port);
            SettingsException e = assertThrows(SettingsException.class,
                    () -> ResumptionNode.start(settings("taken", file)));
            assertEquals("cluster.config", e.settingName());
            assertTrue(e.getMessage().contains(file + ": port " + port + " is already in use"),
                    e.getMessage());
        }
    }

    @Test
    void fileAskingForAnEnterpriseFeatureNamesClusterConfig() throws Exception {
        // Well-formed, so it loads; Hazelcast OSS refuses member TLS only when it starts.
        int port = Ports.free();
        Path file = memberXml("enterprise-" + UUID.randomUUID(), port, port,
                "<ssl enabled=\"true\"/>");
        SettingsException e = assertThrows(SettingsException.class,
                () -> ResumptionNode.start(settings("enterprise", file)));
        assertEquals("cluster.config", e.settingName());
        assertTrue(e.getMessage().contains("requires Hazelcast Enterprise"), e.getMessage());
    }

    @Test
    void unreadableHazelcastFileFailsNamingTheSetting() throws Exception {
        Path broken = TempFiles.file("tlsresume-hazelcast", ".xml");
        Files.writeString(broken, "<hazelcast><network><port>not-a-port</port></network>");
        SettingsException e = assertThrows(SettingsException.class,
                () -> ResumptionNode.start(settings("broken", broken)));
        assertEquals("cluster.config", e.settingName(), "named as the user wrote it");
    }
}
