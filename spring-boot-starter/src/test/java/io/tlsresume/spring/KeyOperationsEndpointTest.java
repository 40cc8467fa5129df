package io.tlsresume.spring;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.tlsresume.core.ResumptionNode;
import io.tlsresume.core.ring.RingKey;
import io.tlsresume.testkit.LogCapture;
import io.tlsresume.testkit.OpenSslClient;
import io.tlsresume.testkit.TestCertificates;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.BooleanSupplier;
import org.junit.jupiter.api.Test;
import org.springframework.context.ConfigurableApplicationContext;

/**
 * The endpoint's key operations on two Boot instances of one cluster: {@code POST
 * /actuator/tlsresume} is refused where access is left read-only (the default), and where it is
 * granted, {@code rotateNow} and {@code revokeAll} act on both instances, proven with openssl
 * tickets and the nodes' own counters.
 */
class KeyOperationsEndpointTest {

    @Test
    void writeOperationsActClusterWideWhereGrantedAndAreRefusedByDefault() throws Exception {
        Map<String, Object> common = Apps.https(Apps.Server.TOMCAT);
        common.put("management.endpoints.web.exposure.include", "health,tlsresume");
        Map<String, Object>[] both = Apps.pair(common);
        both[0].put("management.endpoint.tlsresume.access", "unrestricted");
        ConfigurableApplicationContext[] started = Apps.startTogether(both);
        try (ConfigurableApplicationContext a = started[0];
                ConfigurableApplicationContext b = started[1];
                LogCapture log = new LogCapture()) {
            ResumptionNode nodeA = ClusterResumptionTest.node(a);
            ResumptionNode nodeB = ClusterResumptionTest.node(b);
            await("one ring", () -> sameKey(nodeA, nodeB));
            String key = nodeB.metrics().getCurrentKeyFingerprint();

            HttpResponse<String> refused = post(b, "{\"operation\":\"revokeAll\"}");
            assertEquals(405, refused.statusCode(), "read-only by default: " + refused.body());
            assertEquals(key, nodeB.metrics().getCurrentKeyFingerprint(), "nothing changed");

            Path ticket = OpenSslClient.sessionFile();
            assertFalse(OpenSslClient.connect(Apps.port(a), "tls1_2", null, ticket).reused());

            HttpResponse<String> rotated = post(a, "{\"operation\":\"rotateNow\"}");
            assertEquals(200, rotated.statusCode(), rotated.body());
            String next = nodeA.metrics().getCurrentKeyFingerprint();
            assertFalse(next.equals(key));
            assertTrue(rotated.body().contains("\"fingerprint\":\"" + next + "\""),
                    rotated.body());
            await("B follows the rotation", () -> nodeB.metrics().getCurrentKeyFingerprint()
                    .equals(next));
            assertTrue(OpenSslClient.connect(Apps.port(b), "tls1_2", ticket, null).reused(),
                    "a ticket from before the rotation resumes on B");

            Set<String> before = new HashSet<>();
            for (ResumptionNode node : List.of(nodeA, nodeB)) {
                node.ringKeys().forEach(k -> before.add(k.fingerprint()));
            }
            HttpResponse<String> revoked = post(a, "{\"operation\":\"revokeAll\"}");
            assertEquals(200, revoked.statusCode(), revoked.body());
            String fresh = nodeA.metrics().getCurrentKeyFingerprint();
            await("B dropped every key from before", () -> nodeB.ringKeys().stream()
                    .map(RingKey::fingerprint).noneMatch(before::contains)
                    && nodeB.metrics().getCurrentKeyFingerprint().equals(fresh));
            String ringOnB = get(b);
            for (String old : before) {
                assertFalse(ringOnB.contains(old), old + " in " + ringOnB);
            }
            long fullB = nodeB.metrics().getFullHandshakes(); // after the GET's own handshake
            assertFalse(OpenSslClient.connect(Apps.port(b), "tls1_2", ticket, null).reused(),
                    "a ticket from before the revocation gets a full handshake on B");
            assertEquals(fullB + 1, nodeB.metrics().getFullHandshakes());
            assertEquals(0, nodeB.metrics().getFailedHandshakes());

            assertEquals(400, post(a, "{\"operation\":\"bogus\"}").statusCode());
            assertTrue(log.contains("WARNING", "Key operation revokeAll by actuator (no"
                    + " principal) on node a: dropped the"), log.text());
        }
    }

    private static boolean sameKey(ResumptionNode a, ResumptionNode b) {
        return a.metrics().getClusterMembers() == 2 && !b.metrics().isDegraded()
                && a.metrics().getCurrentKeyFingerprint().equals(
                        b.metrics().getCurrentKeyFingerprint());
    }

    private static void await(String what, BooleanSupplier condition) throws Exception {
        long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
        while (!condition.getAsBoolean()) {
            if (System.nanoTime() > deadline) {
                throw new AssertionError("not within 30 s: " + what);
            }
            Thread.sleep(20);
        }
    }

    private static HttpClient client() throws Exception {
        return HttpClient.newBuilder().sslContext(TestCertificates.get().clientContext("TLS"))
                .build();
    }

    private static HttpResponse<String> post(ConfigurableApplicationContext app, String json)
            throws Exception {
        return client().send(HttpRequest.newBuilder(URI.create("https://localhost:"
                + Apps.port(app) + "/actuator/tlsresume"))
                .header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(json)).build(),
                HttpResponse.BodyHandlers.ofString());
    }

    private static String get(ConfigurableApplicationContext app) throws Exception {
        HttpResponse<String> response = client().send(HttpRequest.newBuilder(URI.create(
                "https://localhost:" + Apps.port(app) + "/actuator/tlsresume")).build(),
                HttpResponse.BodyHandlers.ofString());
        assertEquals(200, response.statusCode(), response.body());
        return response.body();
    }
}
