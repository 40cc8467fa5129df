package io.tlsresume.core;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.tlsresume.testkit.NettyTestServer;
import io.tlsresume.testkit.OpenSslClient;
import io.tlsresume.testkit.Ports;
import io.tlsresume.testkit.TempFiles;
import io.tlsresume.testkit.TestCertificates;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.Test;

/** cluster.config: nodes configured by their own Hazelcast XML files still share one ring. */
class UserHazelcastConfigTest {

    private static Path memberXml(String cluster, int port, int peer) throws Exception {
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
                  </network>
                </hazelcast>
                """.formatted(cluster, port, port, peer));
        return file;
    }

    private static Settings settings(String id, Path config) {
        return Settings.builder().set("nodeId", id).set("cluster.config", config.toString())
                .keySource(TestCertificates.get().keySource()).build();
    }

    @Test
    void nodesWithTheirOwnHazelcastFilesShareTheRing() throws Exception {
        String cluster = "user-config-" + UUID.randomUUID();
        int portA = Ports.free();
        int portB = Ports.free();
        try (ResumptionNode a = ResumptionNode.start(settings("ua-" + cluster,
                        memberXml(cluster, portA, portB)));
                ResumptionNode b = ResumptionNode.start(settings("ub-" + cluster,
                        memberXml(cluster, portB, portA)));
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
    void unreadableHazelcastFileFailsNamingTheSetting() throws Exception {
        Path broken = TempFiles.file("tlsresume-hazelcast", ".xml");
        Files.writeString(broken, "<hazelcast><network><port>not-a-port</port></network>");
        SettingsException e = assertThrows(SettingsException.class,
                () -> ResumptionNode.start(settings("broken", broken)));
        assertEquals("cluster.config", e.settingName(), "named as the user wrote it");
    }
}
