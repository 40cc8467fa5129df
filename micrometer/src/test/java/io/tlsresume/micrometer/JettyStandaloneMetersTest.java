package io.tlsresume.micrometer;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.micrometer.core.instrument.search.Search;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import io.tlsresume.jetty.ResumingConnector;
import io.tlsresume.jetty.ResumingSslContextFactory;
import io.tlsresume.jetty.ResumptionCustomizer;
import io.tlsresume.testkit.EchoHandler;
import io.tlsresume.testkit.OpenSslClient;
import io.tlsresume.testkit.TestCertificates;
import java.nio.file.Path;
import java.util.UUID;
import org.eclipse.jetty.server.Server;
import org.eclipse.jetty.server.ServerConnector;
import org.junit.jupiter.api.Test;

/**
 * The Jetty standalone example of docs/metrics.md, as a user runs it: bind after
 * {@code server.start()}, scrape, stop. The meters count what {@code openssl s_client} saw, go
 * when the server stops, and a restarted server (a new node) is bound again.
 */
class JettyStandaloneMetersTest {

    @Test
    void boundAfterStartCountsTheClientsResumptionsAndGoesWhenTheServerStops() throws Exception {
        PrometheusMeterRegistry registry = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
        String nodeId = "jetty-" + UUID.randomUUID().toString().substring(0, 8);
        ResumingSslContextFactory ssl = new ResumingSslContextFactory();
        ssl.setKeyStorePath(TestCertificates.get().keyStore().toString());
        ssl.setKeyStorePassword(TestCertificates.PASSWORD);
        ssl.setSetting("nodeId", nodeId);
        ssl.setSetting("cluster.mode", "none");
        Server server = new Server();
        ServerConnector https = ResumingConnector.addTo(server, ssl, false);
        https.setHost("127.0.0.1");
        server.setHandler(new EchoHandler(ResumptionCustomizer.NODE_ATTRIBUTE,
                ResumptionCustomizer.RESUMED_ATTRIBUTE));
        try {
            server.start();
            TlsResumeMeterBinder.bind(ssl.getNode(), registry);

            Path session = OpenSslClient.sessionFile();
            OpenSslClient.Result first = OpenSslClient.connect(https.getLocalPort(), "tls1_3",
                    null, session);
            assertFalse(first.reused(), first.output());
            OpenSslClient.Result second = OpenSslClient.connect(https.getLocalPort(), "tls1_3",
                    session, null);
            assertTrue(second.reused(), second.output());
            String scrape = registry.scrape();
            assertTrue(scrape.contains("tlsresume_handshakes_total{node=\"" + nodeId
                    + "\",protocol=\"TLSv1.3\",resumed=\"true\"} 1.0"), scrape);
            assertTrue(scrape.contains("tlsresume_handshakes_total{node=\"" + nodeId
                    + "\",protocol=\"TLSv1.3\",resumed=\"false\"} 1.0"), scrape);

            var firstNode = ssl.getNode();
            server.stop();
            assertEquals(0, Search.in(registry).name(n -> n.startsWith("tlsresume.")).meters()
                    .size(), "the node closed with the server, and its meters with it");

            server.start();
            assertNotEquals(firstNode, ssl.getNode(), "a restarted server has a new node");
            TlsResumeMeterBinder.bind(ssl.getNode(), registry);
            assertTrue(registry.scrape().contains("tlsresume_handshakes_total{node=\"" + nodeId
                    + "\",protocol=\"TLSv1.3\",resumed=\"true\"} 0.0"), registry.scrape());
        } finally {
            server.stop();
        }
    }
}
