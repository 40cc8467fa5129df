package io.tlsresume.multihost;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.tlsresume.testkit.hosts.LoadFigures;
import io.tlsresume.testkit.hosts.ReconnectingLoad;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Three nodes on three hosts behind HAProxy, configured as the docs say for several hosts:
 * clients reconnecting through the balancer land on every node in turn and resume >= 99.9 % of
 * the time, seen by the clients and counted by the nodes.
 */
class SteadyStateTest {
    @BeforeAll
    static void runnable() {
        Scenarios.assumeRunnable();
    }

    @Test
    void threeHostsResumeAcrossNodes() throws Exception {
        try (MultiHostCluster cluster = MultiHostCluster.start(3)) {
            String ring = cluster.awaitOneRing(Duration.ofSeconds(60));
            Map<String, Long> before = cluster.serverCounts();
            LoadFigures tls12;
            LoadFigures tls13;
            Duration length = Scenarios.length(Duration.ofSeconds(8), Duration.ofSeconds(120));
            try (ReconnectingLoad a = cluster.load(ReconnectingLoad.Mode.TLS12_TICKETS, 2);
                    ReconnectingLoad b = cluster.load(ReconnectingLoad.Mode.TLS13, 2)) {
                Thread.sleep(length.toMillis());
                tls12 = a.stop();
                tls13 = b.stop();
                assertEquals(0, tls12.failed() + tls12.refused() + tls13.failed()
                        + tls13.refused(), () -> "failures: " + a.failures() + b.failures());
            }
            Map<String, Long> after = cluster.serverCounts();
            LoadFigures all = tls12.plus(tls13);
            Scenarios.report("steady-state-3-hosts", all, before, after,
                    "tls12-rate=" + percent(tls12) + " tls13-rate=" + percent(tls13)
                            + " ring=" + ring);
            assertTrue(all.connections() >= 40, "enough reconnections: " + all);
            assertTrue(tls12.resumedRate() >= 0.999, () -> "TLS 1.2: " + tls12);
            assertTrue(tls13.resumedRate() >= 0.999, () -> "TLS 1.3: " + tls13);
            assertEquals(all.resumed(), Scenarios.delta("ResumedHandshakes", before, after),
                    "the nodes counted every resumption the clients saw");
            assertEquals(all.full(), Scenarios.delta("FullHandshakes", before, after),
                    "the nodes counted every full handshake the clients saw");
            assertEquals(ring, cluster.awaitOneRing(Duration.ofSeconds(30)));
        }
    }

    static String percent(LoadFigures f) {
        return String.format(java.util.Locale.ROOT, "%.2f%%", 100 * f.resumedRate());
    }
}
