package io.tlsresume.micrometer;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import io.tlsresume.core.ResumptionNode;
import io.tlsresume.testkit.TestNodes;
import java.util.Set;
import java.util.TreeSet;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.EnabledForJreRange;
import org.junit.jupiter.api.condition.JRE;

/**
 * A node on {@code engine=openssl} (Java 22+, tlsresume-openssl on the class path, found through
 * the engine SPI): the engine's session-store and callback meters are published beside the
 * node's, each name with one tag set, under the names docs/metrics.md lists.
 */
@EnabledForJreRange(min = JRE.JAVA_22)
class OpenSslEngineMetersTest {

    @Test
    void theEnginesSessionStoreMetersArePublishedAsDocumented() throws Exception {
        PrometheusMeterRegistry registry = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
        try (ResumptionNode node = ResumptionNode.start(new TestNodes(1).settings(0,
                s -> s.set("engine", "openssl").set("cluster.mode", "none")))) {
            TlsResumeMeterBinder.bind(node, registry);
            PrometheusScrape scrape = new PrometheusScrape(registry.scrape());

            Set<String> openssl = new TreeSet<>(scrape.meterNames());
            openssl.removeIf(n -> !n.startsWith("tlsresume.openssl."));
            Set<String> documented = PrometheusScrape.documentedNumbers();
            documented.removeIf(n -> !n.startsWith("tlsresume.openssl."));
            assertEquals(documented, openssl);
            assertEquals(Set.of("node", "result"), scrape.labelsByName.get(
                    "tlsresume_openssl_session_store_lookups_total"));
            assertEquals(Set.of("hit", "miss", "timeout", "unreadable", "written", "dropped",
                    "seal_failure"), scrape.valuesByLabel.get("result"));
            assertEquals(Set.of("new_session", "get_session", "ticket_key"),
                    scrape.valuesByLabel.get("callback"));
        }
        assertEquals(0, registry.getMeters().size(), "gone with the node");
    }
}
