package io.tlsresume.openssl;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.tlsresume.core.metrics.jmx.JmxExporter;
import io.tlsresume.testkit.OpenSslClient;
import io.tlsresume.testkit.TestNodes;
import io.tlsresume.tomcat.EmbeddedTomcat;
import java.lang.management.ManagementFactory;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import io.tlsresume.testkit.Curl;
import io.tlsresume.testkit.Echo;
import io.tlsresume.testkit.JdkHttpsClient;
import io.tlsresume.testkit.RoundRobinBalancer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * A mixed cluster on engine=openssl, one Jetty node and one Tomcat node: a session made on
 * either resumes on the other, proven by {@code openssl s_client} ({@code Reused}, the same
 * Session-ID) and counted by the resuming node's session store ({@code SessionStoreHits} over
 * JMX).
 */
class JettyTomcatSessionIdTest {
    /** Store lookups on a loaded 2-core machine can pass the 50 ms default: not the question. */
    private static final Map<String, String> LENIENT = Map.of("sessionStore.timeout", "2s");
    private static TestNodes nodes;
    private static JettyOpenSslNode jetty;
    private static EmbeddedTomcat tomcat;

    @BeforeAll
    static void start() throws Exception {
        nodes = new TestNodes(2);
        jetty = JettyOpenSslNode.start(nodes, 0, LENIENT);
        Map<String, String> attributes = new java.util.LinkedHashMap<>(LENIENT);
        attributes.put("engine", "openssl");
        tomcat = EmbeddedTomcat.start(nodes, 1, attributes);
        tomcat.awaitClusterSafe();
        jetty.awaitClusterSafe();
    }

    @AfterAll
    static void stop() throws Exception {
        if (tomcat != null) {
            tomcat.close();
        }
        if (jetty != null) {
            jetty.close();
        }
    }

    private static long hits(String nodeId) throws Exception {
        return (Long) ManagementFactory.getPlatformMBeanServer().getAttribute(
                JmxExporter.objectName("OpenSsl", nodeId), "SessionStoreHits");
    }

    @ParameterizedTest(name = "{0} {2}: made on {1}, resumed on the other")
    @CsvSource({
        "tls1_2, jetty, -no_ticket",
        "tls1_2, tomcat, -no_ticket",
        "tls1_3, jetty, -no_ticket",
        "tls1_3, tomcat, -no_ticket",
    })
    void sessionMadeOnOneServerResumesOnTheOther(String protocol, String from, String extra)
            throws Exception {
        int source = from.equals("jetty") ? jetty.port() : tomcat.port();
        int target = from.equals("jetty") ? tomcat.port() : jetty.port();
        String targetId = from.equals("jetty") ? tomcat.nodeId() : jetty.nodeId();
        Path session = OpenSslClient.sessionFile();

        OpenSslClient.Result first = OpenSslClient.connect(source, protocol, null, session,
                extra);
        assertFalse(first.reused(), first.output());
        assertTrue(first.output().contains(" 200"), first.output());
        long hitsBefore = hits(targetId);

        OpenSslClient.Result other = OpenSslClient.connect(target, protocol, session, null,
                extra);
        assertTrue(other.reused(), other.output());
        assertTrue(other.output().contains(" 200"), other.output());
        if (protocol.equals("tls1_2")) {
            assertFalse(first.sessionId().isEmpty(), first.output());
            assertEquals(first.sessionId(), other.sessionId());
        }
        assertEquals(hitsBefore + 1, hits(targetId), "the other node's store answered");
    }

    /** HTTP/2 by ALPN on the Jetty node, a new curl (a new TLS connection) for each request. */
    @Test
    void curlSpeaksHttp2WithTheJettyNode() throws Exception {
        for (int i = 0; i < 10; i++) {
            Curl curl = Curl.run(List.of("--http2", "https://localhost:" + jetty.port() + "/"),
                    jetty.port());
            assertEquals(0, curl.exitCode(), curl.output());
            List<String[]> bodies = curl.bodies();
            assertEquals(1, bodies.size(), curl.output());
            assertEquals(jetty.nodeId(), bodies.get(0)[0], curl.output());
            assertEquals("HTTP/2.0", bodies.get(0)[2], curl.output());
        }
    }

    /**
     * The scenario: a JDK client that never uses tickets (TLS 1.2, session ids only, as
     * a Java 8 client) reconnects through a round-robin balancer over a Jetty and a Tomcat node:
     * every reconnection keeps its session id, on both servers, and each one was answered by a
     * node's session store.
     */
    @Test
    void noTicketJdkClientResumesOnJettyAndTomcatThroughTheBalancer() throws Exception {
        int reconnections = 1000;
        long hitsBefore = hits(jetty.nodeId()) + hits(tomcat.nodeId());
        Map<String, Integer> resumedOn = new java.util.HashMap<>();
        int resumed = 0;
        try (RoundRobinBalancer balancer = new RoundRobinBalancer(
                List.of(jetty.port(), tomcat.port()))) {
            JdkHttpsClient client = new JdkHttpsClient("TLSv1.2");
            JdkHttpsClient.Exchange first = client.get(balancer.port());
            assertTrue(first.head().startsWith("HTTP/1.1 200"), first.head());
            String last = first.sessionId();
            for (int i = 0; i < reconnections; i++) {
                JdkHttpsClient.Exchange next = client.get(balancer.port());
                assertTrue(next.head().startsWith("HTTP/1.1 200"), next.head());
                if (next.sessionId().equals(last)) {
                    resumed++;
                    resumedOn.merge(Echo.node(next.body()), 1, Integer::sum);
                }
                last = next.sessionId();
            }
        }
        long hits = hits(jetty.nodeId()) + hits(tomcat.nodeId()) - hitsBefore;
        System.out.println("SCENARIO no-ticket JDK client, TLS 1.2, Jetty+Tomcat on"
                + " engine=openssl behind a round-robin balancer: " + resumed + "/"
                + reconnections + " reconnections resumed, by node " + resumedOn
                + ", store hits " + hits);
        assertTrue(resumed >= reconnections * 999 / 1000, resumed + " of " + reconnections);
        assertTrue(resumedOn.getOrDefault(jetty.nodeId(), 0) >= reconnections * 999 / 2000,
                "resumed on Jetty: " + resumedOn);
        assertTrue(resumedOn.getOrDefault(tomcat.nodeId(), 0) >= reconnections * 999 / 2000,
                "resumed on Tomcat: " + resumedOn);
        assertTrue(hits >= resumed, "store hits " + hits + " < resumptions " + resumed);
    }
}
