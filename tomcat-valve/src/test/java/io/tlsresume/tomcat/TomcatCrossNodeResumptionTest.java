package io.tlsresume.tomcat;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.tlsresume.testkit.OpenSslClient;
import io.tlsresume.testkit.RoundRobinBalancer;
import io.tlsresume.testkit.TestCertificates;
import io.tlsresume.testkit.TestNodes;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** Two embedded Tomcats, one real Hazelcast cluster: each resumes the other's sessions. */
class TomcatCrossNodeResumptionTest {
    private static TestNodes nodes;
    private static EmbeddedTomcat a;
    private static EmbeddedTomcat b;

    @BeforeAll
    static void start() {
        nodes = new TestNodes(2);
        a = new EmbeddedTomcat(nodes.properties(0)).start();
        b = new EmbeddedTomcat(nodes.properties(1)).start();
    }

    @AfterAll
    static void stop() {
        if (a != null) {
            a.close();
        }
        if (b != null) {
            b.close();
        }
    }

    private static String nodeId(int index) {
        return nodes.properties(index).get("nodeId");
    }

    @ParameterizedTest
    @ValueSource(strings = {"tls1_2", "tls1_3"})
    void opensslResumesOnOtherNode(String protocol) {
        assertEquals(2, b.listener.getNode().metrics().getClusterMembers());
        long resumedBefore = b.listener.getNode().metrics().getResumedHandshakes();
        Path session = OpenSslClient.sessionFile();

        OpenSslClient.Result first = OpenSslClient.connect(a.port(), protocol, null, session);
        assertFalse(first.reused(), first.output());
        assertEquals(nodeId(0), first.node());
        assertTrue(first.output().contains("resumed=false"), first.output());

        OpenSslClient.Result second = OpenSslClient.connect(b.port(), protocol, session, null);
        assertTrue(second.reused(), second.output());
        assertEquals(nodeId(1), second.node());
        assertTrue(second.output().contains("resumed=true"), second.output());
        assertTrue(second.output().contains("X-TLS-Resumed: true"), second.output());
        assertEquals(resumedBefore + 1, b.listener.getNode().metrics().getResumedHandshakes());
    }

    @Test
    void javaClientResumesTls12SessionOnOtherNodeBehindBalancer() {
        JavaHttpsClient client = new JavaHttpsClient(TestCertificates.get()
                .clientContext("TLSv1.2"));
        try (RoundRobinBalancer balancer = new RoundRobinBalancer(List.of(a.port(), b.port()))) {
            JavaHttpsClient.Response first = client.get(balancer.port());
            assertTrue(first.text().contains("node=" + nodeId(0) + " resumed=false"),
                    first.text());

            JavaHttpsClient.Response second = client.get(balancer.port());
            assertTrue(second.text().contains("node=" + nodeId(1) + " resumed=true"),
                    second.text());
            assertEquals("TLSv1.2", second.protocol());
            assertArrayEquals(first.sessionId(), second.sessionId(),
                    "client kept its session: B accepted A's ticket");
        }
    }

    @Test
    void javaClientResumesTls13SessionOnOtherNodeBehindBalancer() {
        JavaHttpsClient client = new JavaHttpsClient(TestCertificates.get()
                .clientContext("TLSv1.3"));
        try (RoundRobinBalancer balancer = new RoundRobinBalancer(List.of(a.port(), b.port()))) {
            JavaHttpsClient.Response first = client.get(balancer.port());
            assertTrue(first.text().contains("node=" + nodeId(0) + " resumed=false"),
                    first.text());

            JavaHttpsClient.Response second = client.get(balancer.port());
            assertEquals("TLSv1.3", second.protocol());
            assertTrue(second.text().contains("node=" + nodeId(1) + " resumed=true"),
                    second.text());
        }
    }

    @Test
    void valveCountsRequestsByHowTheirConnectionStarted() {
        long fullBefore = a.valve.getFullHandshakeRequests();
        long resumedBefore = a.valve.getResumedRequests();
        Path session = OpenSslClient.sessionFile();

        OpenSslClient.Result full = OpenSslClient.connect(a.port(), "tls1_3", null, session);
        assertTrue(full.output().contains("X-TLS-Resumed: false"), full.output());
        assertTrue(full.output().contains("X-TLS-Node: " + nodeId(0)), full.output());
        assertTrue(full.output().contains("X-TLS-Protocol: TLSv1.3"), full.output());
        OpenSslClient.Result resumed = OpenSslClient.connect(a.port(), "tls1_3", session, null);
        assertTrue(resumed.reused(), resumed.output());
        assertTrue(resumed.output().contains("X-TLS-Resumed: true"), resumed.output());

        assertEquals(fullBefore + 1, a.valve.getFullHandshakeRequests());
        assertEquals(resumedBefore + 1, a.valve.getResumedRequests());
    }
}
