package io.tlsresume.tomcat;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.tlsresume.testkit.JdkHttpsClient;
import io.tlsresume.testkit.OpenSslClient;
import io.tlsresume.testkit.RoundRobinBalancer;
import java.nio.file.Path;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** Two embedded Tomcats, one real Hazelcast cluster: each resumes the other's sessions. */
class TomcatCrossNodeResumptionTest {
    private static TomcatPair pair;
    private static EmbeddedTomcat a;
    private static EmbeddedTomcat b;

    @BeforeAll
    static void start() {
        pair = new TomcatPair();
        a = pair.a;
        b = pair.b;
    }

    @AfterAll
    static void stop() {
        pair.close();
    }

    private static String nodeId(int index) {
        return pair.nodeId(index);
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

    @ParameterizedTest
    @ValueSource(strings = {"TLSv1.2", "TLSv1.3"})
    void javaClientResumesSessionOnOtherNodeBehindBalancer(String protocol) {
        JdkHttpsClient client = new JdkHttpsClient(protocol);
        try (RoundRobinBalancer balancer = pair.balancer()) {
            JdkHttpsClient.Exchange first = client.get(balancer.port());
            assertTrue(first.body().contains("node=" + nodeId(0) + " resumed=false"),
                    first.body());

            JdkHttpsClient.Exchange second = client.get(balancer.port());
            assertEquals(protocol, second.protocol());
            assertTrue(second.body().contains("node=" + nodeId(1) + " resumed=true"),
                    second.body());
            if (protocol.equals("TLSv1.2")) {
                // Client-side proof: the server echoed the offered session id (RFC 5077 3.4).
                assertEquals(first.sessionId(), second.sessionId());
            }
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
