package io.tlsresume.spring;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.tlsresume.testkit.Ports;
import io.tlsresume.testkit.TestCertificates;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.springframework.context.ConfigurableApplicationContext;

/**
 * A node that lists a peer it cannot reach serves degraded: the health contributor says
 * DEGRADED with the reason, and the instance stays in service (overall UP, HTTP 200).
 */
class DegradedHealthTest {

    @Test
    void degradedNodeIsReportedWithoutTakingTheInstanceOutOfService() throws Exception {
        Map<String, Object> properties = Apps.https(Apps.Server.TOMCAT);
        // A peer listed but never started: the node serves alone, degraded.
        Apps.alone(properties, "alone", "127.0.0.1:" + Ports.free());
        properties.put("management.endpoint.health.show-details", "always");
        try (ConfigurableApplicationContext app = Apps.start(properties)) {
            assertTrue(ClusterResumptionTest.node(app).metrics().isDegraded());
            HttpResponse<String> health = HttpClient.newBuilder()
                    .sslContext(TestCertificates.get().clientContext("TLS")).build()
                    .send(HttpRequest.newBuilder(URI.create("https://localhost:"
                            + Apps.port(app) + "/actuator/health")).build(),
                            HttpResponse.BodyHandlers.ofString());
            String body = health.body();
            assertEquals(200, health.statusCode(), body);
            assertTrue(body.contains("\"status\":\"DEGRADED\""), body);
            assertTrue(body.contains("\"degradedReason\":\""), body);
            assertTrue(body.endsWith("\"status\":\"UP\"}"), body);
        }
    }
}
