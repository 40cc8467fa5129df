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
import java.nio.file.Path;
import java.util.Set;
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

    @Test
    void prometheusScrapeHasEachNameOnceWithOneTagSet() throws IOException {
        String text = prometheus.scrape();
        PrometheusScrape scrape = new PrometheusScrape(text);
        assertEquals(Set.of(cluster.nodeA.settings().nodeId(),
                cluster.nodeB.settings().nodeId()), scrape.valuesByLabel.get("node"));
        assertEquals(Set.of("node", "protocol", "resumed"),
                scrape.labelsByName.get("tlsresume_handshakes_total"));
        assertEquals(Set.of("node"), scrape.labelsByName.get("tlsresume_ring_size"));
        assertTrue(scrape.labelsByName.containsKey("tlsresume_ring_last_rotation_age_seconds"),
                text);
        assertFalse(scrape.labelsByName.keySet().stream().anyMatch(n -> n.startsWith(
                "tlsresume_node") || n.contains("current_key") || n.contains("reason")),
                "text metrics are JMX's: " + scrape.labelsByName.keySet());

        // Every counter and gauge docs/metrics.md lists is scraped, and nothing else is.
        Set<String> expected = PrometheusScrape.documentedNumbers();
        expected.removeIf(n -> n.startsWith("tlsresume.openssl.")); // engine=openssl only
        assertEquals(expected, scrape.meterNames());
    }
}
