package io.tlsresume.openssl;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.tlsresume.core.NodeMetrics;
import io.tlsresume.testkit.JdkHttpsClient;
import io.tlsresume.testkit.OpenSslClient;
import io.tlsresume.testkit.RoundRobinBalancer;
import io.tlsresume.tomcat.TomcatPair;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Two embedded Tomcats on Tomcat's own FFM OpenSSL engine with {@code engine="openssl"}, one real
 * two-member Hazelcast cluster: sessions made on A resume on B through the sealed store.
 */
class OpenSslCrossNodeResumptionTest {
    private static TomcatPair pair;

    @BeforeAll
    static void start() {
        pair = new TomcatPair(Map.of("engine", "openssl"));
    }

    @AfterAll
    static void stop() {
        pair.close();
    }

    private static NodeMetrics metrics(int index) {
        return (index == 0 ? pair.a : pair.b).listener.getNode().metrics();
    }

    private static OpenSslMetrics store(int index) {
        return OpenSslMetrics.of((index == 0 ? pair.a : pair.b).listener.getNode());
    }

    @Test
    void tls12SessionIdMadeOnAResumesOnB() {
        assertEquals(2, metrics(1).getClusterMembers());
        long hitsBefore = store(1).hits();
        Path session = OpenSslClient.sessionFile();

        OpenSslClient.Result first = OpenSslClient.connect(pair.a.port(), "tls1_2", null, session,
                "-no_ticket");
        assertFalse(first.reused(), first.output());
        assertEquals(pair.nodeId(0), first.node());
        assertFalse(first.sessionId().isEmpty(), first.output());

        OpenSslClient.Result second = OpenSslClient.connect(pair.b.port(), "tls1_2", session,
                null, "-no_ticket");
        assertTrue(second.reused(), second.output());
        assertEquals(pair.nodeId(1), second.node());
        assertEquals(first.sessionId(), second.sessionId());
        assertEquals(hitsBefore + 1, store(1).hits());
    }

    @Test
    void tls13StatefulTicketMadeOnAResumesOnB() {
        long hitsBefore = store(1).hits();
        Path session = OpenSslClient.sessionFile();

        OpenSslClient.Result first = OpenSslClient.connect(pair.a.port(), "tls1_3", null, session);
        assertFalse(first.reused(), first.output());
        assertEquals("TLSv1.3", first.protocol());
        // Stateful: the ticket is a session id, not an encrypted session (a few dozen bytes).
        assertTrue(first.output().contains("TLS session ticket lifetime hint"), first.output());

        OpenSslClient.Result second = OpenSslClient.connect(pair.b.port(), "tls1_3", session, null);
        assertTrue(second.reused(), second.output());
        assertEquals(pair.nodeId(1), second.node());
        assertEquals(hitsBefore + 1, store(1).hits());
    }

    @Test
    void javaClientWithoutTicketsResumesOnTheOtherNodeBehindBalancer() {
        // Surefire runs this JVM with -Djdk.tls.client.enableSessionTicketExtension=false: the
        // client behaves like a Java 8 client and can only resume by session id.
        JdkHttpsClient client = new JdkHttpsClient("TLSv1.2");
        long hitsBefore = store(0).hits() + store(1).hits();
        try (RoundRobinBalancer balancer = pair.balancer()) {
            JdkHttpsClient.Exchange first = client.get(balancer.port());
            JdkHttpsClient.Exchange second = client.get(balancer.port());

            assertTrue(first.body().contains("node=" + pair.nodeId(0)), first.body());
            assertTrue(second.body().contains("node=" + pair.nodeId(1)), second.body());
            assertEquals("TLSv1.2", second.protocol());
            // The server echoed the offered id: resumed (a full handshake picks a new one).
            assertEquals(first.sessionId(), second.sessionId());
        }
        assertEquals(hitsBefore + 1,
                store(0).hits() + store(1).hits());
    }
}
