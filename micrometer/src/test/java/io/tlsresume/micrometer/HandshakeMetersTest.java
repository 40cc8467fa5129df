package io.tlsresume.micrometer;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import io.tlsresume.testkit.OpenSslClient;
import io.tlsresume.testkit.TwoNodeCluster;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.HashSet;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * Two nodes of a real cluster, real {@code openssl s_client} handshakes: what the client sees
 * (New on A, Reused on B) is what each node's meters count, in a plain registry and in a
 * Prometheus scrape, the format most users read them in.
 */
class HandshakeMetersTest {
    private static final int RESUMPTIONS = 3;
    private static TwoNodeCluster cluster;
    private static final SimpleMeterRegistry simple = new SimpleMeterRegistry();
    private static final PrometheusMeterRegistry prometheus =
            new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);

    @BeforeAll
    static void start() throws Exception {
        cluster = TwoNodeCluster.start(b -> { });
        for (var node : new io.tlsresume.core.ResumptionNode[] {cluster.nodeA, cluster.nodeB}) {
            TlsResumeMeterBinder binder = new TlsResumeMeterBinder(node);
            binder.bindTo(simple);
            binder.bindTo(prometheus);
        }
    }

    @AfterAll
    static void stop() {
        cluster.close();
    }

    private static double handshakes(MeterRegistry registry, String node, boolean resumed,
            String protocol) {
        return registry.get("tlsresume.handshakes").tags("node", node, "resumed",
                String.valueOf(resumed), "protocol", protocol).functionCounter().count();
    }

    @ParameterizedTest
    @CsvSource({"tls1_2, TLSv1.2", "tls1_3, TLSv1.3"})
    void resumptionsOnBAreCountedOnBExactly(String client, String protocol) {
        String a = cluster.nodeA.settings().nodeId();
        String b = cluster.nodeB.settings().nodeId();
        double fullOnA = handshakes(simple, a, false, protocol);
        double resumedOnA = handshakes(simple, a, true, protocol);
        double fullOnB = handshakes(simple, b, false, protocol);
        double resumedOnB = handshakes(simple, b, true, protocol);
        double scrapedResumedOnB = handshakes(prometheus, b, true, protocol);

        Path session = OpenSslClient.sessionFile();
        OpenSslClient.Result first = OpenSslClient.connect(cluster.serverA.port(), client, null,
                session);
        assertFalse(first.reused(), first.output());
        assertEquals("A", first.node());
        int reusedOnB = 0;
        for (int i = 0; i < RESUMPTIONS; i++) {
            OpenSslClient.Result again = OpenSslClient.connect(cluster.serverB.port(), client,
                    session, null);
            assertEquals("B", again.node());
            assertEquals(protocol, again.protocol());
            reusedOnB += again.reused() ? 1 : 0;
        }

        assertEquals(RESUMPTIONS, reusedOnB, "the client saw Reused on B every time");
        assertEquals(resumedOnB + reusedOnB, handshakes(simple, b, true, protocol));
        assertEquals(scrapedResumedOnB + reusedOnB, handshakes(prometheus, b, true, protocol));
        assertEquals(fullOnB, handshakes(simple, b, false, protocol), "no full handshake on B");
        assertEquals(fullOnA + 1, handshakes(simple, a, false, protocol));
        assertEquals(resumedOnA, handshakes(simple, a, true, protocol));
    }

    /** A sample line of the text format: its name and its label names. */
    private static final Pattern SAMPLE = Pattern.compile("^([a-zA-Z_:][a-zA-Z0-9_:]*)(\\{[^}]*\\})?"
            + " .*$", Pattern.MULTILINE);
    private static final Pattern LABEL = Pattern.compile("([a-zA-Z_][a-zA-Z0-9_]*)=\"");
    private static final Pattern TYPE = Pattern.compile("^# TYPE (\\S+) ", Pattern.MULTILINE);

    @Test
    void prometheusScrapeHasEachNameOnceWithOneTagSet() throws IOException {
        String scrape = prometheus.scrape();
        Set<String> typed = new HashSet<>();
        Matcher type = TYPE.matcher(scrape);
        while (type.find()) {
            assertTrue(typed.add(type.group(1)), "declared twice: " + type.group(1));
        }
        Map<String, Set<String>> labelsByName = new HashMap<>();
        Set<String> nodes = new HashSet<>();
        Matcher sample = SAMPLE.matcher(scrape);
        while (sample.find()) {
            Set<String> labels = new TreeSet<>();
            Matcher label = LABEL.matcher(sample.group(2) == null ? "" : sample.group(2));
            while (label.find()) {
                labels.add(label.group(1));
            }
            Matcher node = Pattern.compile("node=\"([^\"]*)\"").matcher(
                    sample.group(2) == null ? "" : sample.group(2));
            if (node.find()) {
                nodes.add(node.group(1));
            }
            Set<String> earlier = labelsByName.putIfAbsent(sample.group(1), labels);
            assertEquals(earlier == null ? labels : earlier, labels,
                    "one tag set per name: " + sample.group(1));
        }
        assertEquals(Set.of(cluster.nodeA.settings().nodeId(),
                cluster.nodeB.settings().nodeId()), nodes);
        assertEquals(Set.of("node", "protocol", "resumed"),
                labelsByName.get("tlsresume_handshakes_total"));
        assertEquals(Set.of("node"), labelsByName.get("tlsresume_ring_size"));
        assertTrue(labelsByName.containsKey("tlsresume_ring_last_rotation_age_seconds"),
                scrape);
        assertFalse(labelsByName.keySet().stream().anyMatch(n -> n.startsWith("tlsresume_node")
                || n.contains("current_key") || n.contains("reason")),
                "text metrics are JMX's: " + labelsByName.keySet());

        // Every counter and gauge docs/metrics.md lists is scraped, and nothing else is.
        Set<String> documented = documentedNumbers();
        Set<String> scraped = new TreeSet<>();
        for (String name : labelsByName.keySet()) {
            // Prometheus adds _total to counters and the base unit to time gauges.
            scraped.add(name.replaceAll("_total$|_seconds$", "").replace('_', '.'));
        }
        Set<String> expected = new TreeSet<>(documented);
        expected.removeIf(n -> n.startsWith("tlsresume.openssl.")); // engine=openssl only
        assertEquals(expected, scraped);
    }

    /** The names of the counters and gauges in docs/metrics.md's tables (rows with a name). */
    private static Set<String> documentedNumbers() throws IOException {
        Set<String> names = new TreeSet<>();
        Pattern row = Pattern.compile("^\\| `(tlsresume\\.[a-z.]+)`[^|]*\\|[^|]*\\| ([a-z ]+)"
                + "[^|]*\\|", Pattern.MULTILINE);
        Matcher m = row.matcher(Files.readString(Path.of("../docs/metrics.md")));
        while (m.find()) {
            String kind = m.group(2).trim();
            if (kind.startsWith("counter") || kind.startsWith("gauge")) {
                names.add(m.group(1));
            }
        }
        assertTrue(names.contains("tlsresume.handshakes"), names.toString());
        return names;
    }
}
