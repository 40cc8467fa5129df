package io.tlsresume.spring;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.micrometer.core.instrument.FunctionCounter;
import io.micrometer.core.instrument.MeterRegistry;
import io.tlsresume.core.NodeMetrics;
import io.tlsresume.core.ResumptionNode;
import io.tlsresume.testkit.JdkHttpsClient;
import io.tlsresume.testkit.OpenSslClient;
import io.tlsresume.testkit.RoundRobinBalancer;
import io.tlsresume.testkit.TestCertificates;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.springframework.context.ConfigurableApplicationContext;

/**
 * Two instances of a Spring Boot HTTPS application (one JVM, random ports, one Hazelcast
 * cluster) with nothing but the starter and tlsresume.* properties: each resumes the other's
 * sessions, proven from the client side (openssl s_client {@code Reused}, the JDK client offered
 * and kept its session through a round-robin balancer) and counted on the server side (B's
 * Micrometer registry, the valve's or customizer's request attribute).
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
abstract class ClusterResumptionTest {
    private final Apps.Server server;
    private ConfigurableApplicationContext a;
    private ConfigurableApplicationContext b;

    ClusterResumptionTest(Apps.Server server) {
        this.server = server;
    }

    /** The server's HTTPS properties (key store file, or a PEM bundle). */
    Map<String, Object> httpsProperties() {
        return Apps.https(server);
    }

    @BeforeAll
    void startBoth() throws InterruptedException {
        Map<String, Object> common = httpsProperties();
        common.put("management.endpoints.web.exposure.include", "health,tlsresume");
        common.put("management.endpoint.health.show-details", "always");
        Map<String, Object>[] both = Apps.pair(common);
        ConfigurableApplicationContext[] started = Apps.startTogether(both);
        a = started[0];
        b = started[1];
        awaitSameRing(node(a), node(b));
    }

    @AfterAll
    void stopBoth() throws InterruptedException {
        if (b != null) {
            b.close();
        }
        if (a != null) {
            a.close();
        }
        assertEquals(java.util.Set.of(), Apps.hazelcastThreadsAfter(Duration.ofSeconds(10)));
    }

    @ParameterizedTest
    @ValueSource(strings = {"tls1_2", "tls1_3"})
    void opensslSessionFromAResumesOnB(String protocol) {
        Path session = OpenSslClient.sessionFile();
        OpenSslClient.Result onA = OpenSslClient.connect(Apps.port(a), protocol, null, session);
        assertFalse(onA.reused(), onA.output());
        assertTrue(onA.output().contains("node=a resumed=false"), onA.output());

        long resumedOnB = resumedCount(b);
        OpenSslClient.Result onB = OpenSslClient.connect(Apps.port(b), protocol, session, null);
        assertTrue(onB.reused(), onB.output());
        assertTrue(onB.output().contains("node=b resumed=true"), onB.output());
        // Server side: B's Micrometer registry counted exactly this resumption.
        assertEquals(resumedOnB + 1, resumedCount(b));
    }

    @ParameterizedTest
    @ValueSource(strings = {"TLSv1.2", "TLSv1.3"})
    void jdkClientThroughBalancerResumesEveryReconnection(String protocol) {
        JdkHttpsClient client = new JdkHttpsClient(protocol);
        try (RoundRobinBalancer balancer = new RoundRobinBalancer(
                List.of(Apps.port(a), Apps.port(b)))) {
            JdkHttpsClient.Exchange first = client.get(balancer.port());
            assertTrue(first.body().contains("resumed=false"), first.body());
            String firstNode = node(first.body());
            for (int i = 1; i <= 6; i++) {
                JdkHttpsClient.Exchange next = client.get(balancer.port());
                assertEquals(protocol, next.protocol());
                assertTrue(next.serverSaysResumed(), "connection " + i + ": " + next.body());
                // Round robin: every other connection lands on the other instance.
                assertEquals(i % 2 == 0, node(next.body()).equals(firstNode), next.body());
                if (protocol.equals("TLSv1.2")) {
                    // Client side: the server echoed the offered session id (RFC 5077 3.4).
                    assertEquals(first.sessionId(), next.sessionId());
                }
            }
        }
    }

    @Test
    void healthShowsTlsresumeWithItsDetails() throws Exception {
        String health = get(b, "/actuator/health");
        int at = health.indexOf("\"tlsresume\":{");
        assertTrue(at >= 0, health);
        // The component's own object: its nested details close before the next component.
        String component = health.substring(at, health.indexOf("\"groups\"", at));
        assertTrue(component.contains("\"status\":\"UP\""), component);
        assertTrue(component.contains("\"ringSize\":"), component);
        assertTrue(component.contains("\"clusterMembers\":2"), component);
        assertTrue(component.contains("\"currentKey\":\"" + node(b).metrics()
                .getCurrentKeyFingerprint() + "\""), component);
    }

    @Test
    void endpointListsTheRingWithFingerprintsOnly() throws Exception {
        ResumptionNode nodeB = node(b);
        List<String> secrets = new java.util.ArrayList<>();
        nodeB.addKeyListener(keys -> keys.forEach(k -> {
            secrets.add(java.util.HexFormat.of().formatHex(k.hmacKey()));
            secrets.add(java.util.HexFormat.of().formatHex(k.aesKey()));
            secrets.add(java.util.Base64.getEncoder().encodeToString(k.hmacKey()));
            secrets.add(java.util.Base64.getEncoder().encodeToString(k.aesKey()));
            secrets.add(java.util.HexFormat.of().formatHex(k.name()));
        }));
        String ring = get(b, "/actuator/tlsresume");
        NodeMetrics metrics = nodeB.metrics();
        assertTrue(ring.contains("\"fingerprint\":\"" + metrics.getCurrentKeyFingerprint()
                + "\""), ring);
        assertTrue(ring.contains("\"state\":\"encrypting\""), ring);
        assertTrue(ring.contains("\"expires\""), ring);
        assertFalse(secrets.isEmpty());
        for (String secret : secrets) {
            assertFalse(ring.toLowerCase().contains(secret.toLowerCase()), "key bytes in " + ring);
        }
    }

    private static String node(String body) {
        return io.tlsresume.testkit.Echo.node(body);
    }

    static ResumptionNode node(ConfigurableApplicationContext app) {
        List<ResumptionNode> running = app.getBean(TlsResumeNodes.class).running();
        assertEquals(1, running.size(), "running nodes");
        return running.get(0);
    }

    private static long resumedCount(ConfigurableApplicationContext app) {
        MeterRegistry registry = app.getBean(MeterRegistry.class);
        return (long) registry.find("tlsresume.handshakes").tag("resumed", "true").meters()
                .stream().mapToDouble(m -> ((FunctionCounter) m).count()).sum();
    }

    private static String get(ConfigurableApplicationContext app, String path) throws Exception {
        HttpClient client = HttpClient.newBuilder()
                .sslContext(TestCertificates.get().clientContext("TLS")).build();
        HttpResponse<String> response = client.send(HttpRequest.newBuilder(
                URI.create("https://localhost:" + Apps.port(app) + path)).build(),
                HttpResponse.BodyHandlers.ofString());
        assertEquals(200, response.statusCode(), response.body());
        return response.body();
    }

    /** Both instances in one cluster, encrypting under the same ring key. */
    private static void awaitSameRing(ResumptionNode a, ResumptionNode b)
            throws InterruptedException {
        long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
        while (System.nanoTime() < deadline) {
            NodeMetrics ma = a.metrics();
            NodeMetrics mb = b.metrics();
            if (ma.getClusterMembers() == 2 && mb.getClusterMembers() == 2
                    && !ma.getCurrentKeyFingerprint().isEmpty()
                    && ma.getCurrentKeyFingerprint().equals(mb.getCurrentKeyFingerprint())) {
                return;
            }
            Thread.sleep(50);
        }
        throw new IllegalStateException("the instances did not agree on a ring key: "
                + a.metrics() + " / " + b.metrics());
    }
}
