package io.tlsresume.openssl;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.tlsresume.core.NodeMetrics;
import io.tlsresume.core.metrics.jmx.JmxExporter;
import io.tlsresume.testkit.LogCapture;
import io.tlsresume.testkit.OpenSslClient;
import io.tlsresume.tomcat.TomcatPair;
import java.lang.management.ManagementFactory;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * {@code sessionTickets="ring"}: stateless tickets encrypted under the shared ring through
 * OpenSSL's ticket-key callback resume on the other node without the store; session-id clients
 * still resume through the store.
 */
class RingTicketsTest {
    private static TomcatPair pair;

    @BeforeAll
    static void start() {
        // A fast rotation, so that tickets under an older key (renewed on use) occur quickly.
        pair = new TomcatPair(Map.of("engine", "openssl", "sessionTickets", "ring",
                "rotationInterval", "1s", "ticketLifetime", "60s"));
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

    @ParameterizedTest
    @ValueSource(strings = {"tls1_2", "tls1_3"})
    void statelessTicketFromAResumesOnBWithoutTheStore(String protocol) {
        long hitsBefore = store(1).hits();
        Path session = OpenSslClient.sessionFile();
        OpenSslClient.Result first = OpenSslClient.connect(pair.a.port(), protocol, null,
                session);
        assertFalse(first.reused(), first.output());
        assertTrue(first.output().contains("TLS session ticket:"), first.output());

        OpenSslClient.Result second = OpenSslClient.connect(pair.b.port(), protocol, session,
                null);
        assertTrue(second.reused(), second.output());
        assertEquals(pair.nodeId(1), second.node());
        assertEquals(hitsBefore, store(1).hits(), "resumed through the store");
    }

    /** An attribute of node {@code index}'s OpenSSL MBean, read as an operator would. */
    private static long jmx(int index, String attribute) throws Exception {
        return (Long) ManagementFactory.getPlatformMBeanServer().getAttribute(
                JmxExporter.objectName("OpenSsl", pair.nodeId(index)), attribute);
    }

    @Test
    void faultInTheTicketKeyCallbackIsReportedAsOneAndNotAsTheStore() throws Exception {
        long ticketFaultsBefore = jmx(0, "TicketKeyUpcallFaults");
        long storeFaultsBefore = jmx(0, "SessionStoreUpcallFaults");
        SessionCallbacks.beforeTicketKey = () -> {
            throw new IllegalStateException("injected: ticket key failure");
        };
        try (LogCapture log = new LogCapture()) {
            OpenSslClient.Result result = OpenSslClient.connect(pair.a.port(), "tls1_2", null,
                    null);
            assertTrue(result.output().contains("HTTP/1.1 200"), result.output());
            assertFalse(result.output().contains("TLS session ticket:"), result.output());
            List<String> lines = log.lines().stream()
                    .filter(l -> l.contains("injected: ticket key failure")).toList();
            assertFalse(lines.isEmpty(), log.text());
            for (String line : lines) {
                assertTrue(line.startsWith("WARNING") && line.contains("ticket-key callback"),
                        line);
                assertFalse(line.contains("session store"), line);
            }
        } finally {
            SessionCallbacks.beforeTicketKey = () -> { };
        }
        assertTrue(jmx(0, "TicketKeyUpcallFaults") > ticketFaultsBefore);
        assertEquals(storeFaultsBefore, jmx(0, "SessionStoreUpcallFaults"));
    }

    @Test
    void sessionIdClientsStillResumeThroughTheStore() {
        long hitsBefore = store(1).hits();
        Path session = OpenSslClient.sessionFile();
        OpenSslClient.Result first = OpenSslClient.connect(pair.a.port(), "tls1_2", null,
                session, "-no_ticket");
        OpenSslClient.Result second = OpenSslClient.connect(pair.b.port(), "tls1_2", session,
                null, "-no_ticket");
        assertTrue(second.reused(), second.output());
        assertEquals(first.sessionId(), second.sessionId());
        assertEquals(hitsBefore + 1, store(1).hits());
    }

    @Test
    void ticketUnderAnOlderKeyResumesAndIsRenewed() throws Exception {
        Path session = OpenSslClient.sessionFile();
        OpenSslClient.Result first = OpenSslClient.connect(pair.a.port(), "tls1_2", null,
                session);
        String ticketKey = fingerprintOfTicketKey(first.output());
        // Bounded wait until B encrypts with a newer key than the ticket's.
        for (int i = 0; i < 100 && metrics(1).getCurrentKeyFingerprint().equals(ticketKey);
                i++) {
            Thread.sleep(100);
        }
        assertNotEquals(ticketKey, metrics(1).getCurrentKeyFingerprint());

        OpenSslClient.Result second = OpenSslClient.connect(pair.b.port(), "tls1_2", session,
                null);
        assertTrue(second.reused(), second.output());
        // Renewed: the resumed session holds a new ticket, made with a newer key (without
        // renewal s_client shows the ticket it offered).
        assertNotEquals(ticketKey, fingerprintOfTicketKey(second.output()), second.output());
    }

    /**
     * The ring fingerprint of the key a ticket was made with: a ticket starts with the 16-byte
     * key name (RFC 5077 section 4), which s_client prints in its hex dump.
     */
    private static String fingerprintOfTicketKey(String output) throws Exception {
        Matcher m = Pattern.compile("TLS session ticket:\\s+0000 - ([0-9a-f -]{47})")
                .matcher(output);
        assertTrue(m.find(), output);
        byte[] name = HexFormat.of().parseHex(m.group(1).replace(" ", "").replace("-", ""));
        byte[] digest = MessageDigest.getInstance("SHA-256").digest(name);
        return HexFormat.of().formatHex(digest, 0, 4);
    }
}
