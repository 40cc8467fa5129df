package io.tlsresume.jetty;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import io.tlsresume.testkit.OpenSslClient;
import io.tlsresume.testkit.Ports;
import io.tlsresume.testkit.TestCertificates;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * The {@code tlsresume} module in the real Jetty distribution: two nodes, each its own
 * {@code $JETTY_BASE} and process, set up only by the documented steps, resume each other's
 * sessions.
 */
class JettyDistributionIT {
    private static final List<JettyDistribution.Node> RUNNING = new ArrayList<>();
    private static int portA;
    private static int portB;
    private static String nodeB;

    @BeforeAll
    static void startTwoNodes() {
        // Failsafe passes the unpacked distribution; a surefire run matching *IT has none.
        assumeTrue(System.getProperty("it.jettyHome") != null, "needs mvn verify (failsafe)");
        JettyDistribution jetty = new JettyDistribution();
        String cluster = "it-" + UUID.randomUUID();
        int memberA = Ports.free();
        int memberB = Ports.free();
        portA = Ports.free();
        portB = Ports.free();
        nodeB = "dist-b-" + cluster.substring(3, 11);
        String members = "127.0.0.1:" + memberA + ",127.0.0.1:" + memberB;
        Path baseA = jetty.newBase("a", properties(portA, cluster, members, memberA,
                "dist-a-" + cluster.substring(3, 11)));
        Path baseB = jetty.newBase("b", properties(portB, cluster, members, memberB, nodeB));
        RUNNING.add(jetty.start(baseA, portA));
        RUNNING.add(jetty.start(baseB, portB));
    }

    private static List<String> properties(int sslPort, String cluster, String members,
            int memberPort, String nodeId) {
        return List.of(
                "jetty.ssl.host=127.0.0.1",
                "jetty.ssl.port=" + sslPort,
                "jetty.sslContext.keyStorePassword=" + TestCertificates.PASSWORD,
                "tlsresume.nodeId=" + nodeId,
                "tlsresume.cluster.name=" + cluster,
                "tlsresume.cluster.members=" + members,
                "tlsresume.cluster.port=" + memberPort,
                "tlsresume.jetty.diagnosticHeaders=true");
    }

    @AfterAll
    static void stopNodes() throws InterruptedException {
        for (JettyDistribution.Node node : RUNNING) {
            node.close();
            System.out.println("---- " + node.logFile() + "\n" + node.log());
        }
    }

    @ParameterizedTest
    @ValueSource(strings = {"tls1_2", "tls1_3"})
    void distributionNodesResumeEachOthersSessions(String protocol) {
        Path session = OpenSslClient.sessionFile();
        OpenSslClient.Result first = OpenSslClient.connect(portA, protocol, null, session);
        assertFalse(first.reused(), first.output());

        OpenSslClient.Result second = OpenSslClient.connect(portB, protocol, session, null);
        assertTrue(second.reused(), second.output() + logs());
        assertTrue(second.output().contains("X-TLS-Node: " + nodeB), second.output());
        assertTrue(second.output().contains("X-TLS-Resumed: true"), second.output());
    }

    @Test
    void distributionNodeServesHttp2() throws Exception {
        Curl run = Curl.run(List.of("--http2", "-o", "/dev/null", "-w", "%{http_version}",
                "https://localhost:" + portB + "/"), portB);
        assertEquals("2", run.stdout(), run.output());
    }

    private static String logs() {
        StringBuilder all = new StringBuilder();
        for (JettyDistribution.Node node : RUNNING) {
            all.append("\n---- ").append(node.logFile()).append('\n').append(node.log());
        }
        return all.toString();
    }
}
