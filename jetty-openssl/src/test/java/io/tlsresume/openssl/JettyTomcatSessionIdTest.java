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
import java.util.Map;
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
}
