package io.tlsresume.demo;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import io.tlsresume.testkit.HaproxyBalancer;
import io.tlsresume.testkit.OpenSslClient;
import io.tlsresume.testkit.TestCertificates;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * HAProxy ({@code mode tcp}, {@code balance roundrobin}) in front of two Jetty nodes and one
 * Tomcat node: with the shared ring at least 99 % of 60 reconnections resume, seen by
 * {@code openssl s_client} and by the checker; without it (cluster.mode=none) hardly any.
 * CI installs haproxy ({@code .ci/run}); without it this test is skipped, loudly.
 */
class HaproxyEndToEndTest {
    private static final int RECONNECTIONS = 60;

    @ParameterizedTest
    @ValueSource(strings = {"1.2", "1.3"})
    void nearlyEveryReconnectionResumesThroughHaproxy(String version) throws Exception {
        assumeTrue(HaproxyBalancer.available() || System.getenv("CI") != null,
                "haproxy is not installed (Debian: apt-get install haproxy)");
        try (DemoCluster cluster = start(true)) {
            double openssl = opensslRate(cluster.balancerPort(), version);
            Checker.Summary checker = checker(cluster.balancerPort(), version);
            System.out.printf("haproxy shared TLS %s: openssl %.3f, checker %d/%d %s%n", version,
                    openssl, checker.resumed(), checker.reconnections(), checker.perNode().keySet());
            assertTrue(openssl >= 0.99, "openssl resumed " + openssl);
            assertTrue(checker.rate() >= 0.99, "checker resumed " + checker.rate());
            assertEquals(3, checker.perNode().size(), "round robin over 3 nodes: "
                    + checker.perNode().keySet());
            for (DemoNode node : cluster.nodes()) {
                assertTrue(node.handshakes()[1] >= RECONNECTIONS / 2,
                        node.name() + " resumed its share: " + node.handshakes()[1]);
            }
        }
    }

    @ParameterizedTest
    @ValueSource(strings = {"1.2", "1.3"})
    void withoutTheSharedRingFewReconnectionsResume(String version) throws Exception {
        assumeTrue(HaproxyBalancer.available() || System.getenv("CI") != null,
                "haproxy is not installed (Debian: apt-get install haproxy)");
        try (DemoCluster cluster = start(false)) {
            double openssl = opensslRate(cluster.balancerPort(), version);
            Checker.Summary checker = checker(cluster.balancerPort(), version);
            System.out.printf("haproxy no ring TLS %s: openssl %.3f, checker %d/%d%n", version,
                    openssl, checker.resumed(), checker.reconnections());
            // Strict round robin never returns to the issuing node for the next connection.
            assertTrue(openssl <= 0.1, "openssl resumed " + openssl);
            assertTrue(checker.rate() <= 0.1, "checker resumed " + checker.rate());
        }
    }

    private static DemoCluster start(boolean shared) throws Exception {
        return DemoCluster.start(TestCertificates.get().keyStore(), TestCertificates.PASSWORD,
                2, 1, shared, DemoCluster.BalancerKind.HAPROXY, Map.of());
    }

    /** Reconnects with openssl, each time offering the newest session it holds. */
    private static double opensslRate(int port, String version) throws Exception {
        String protocol = version.equals("1.2") ? "tls1_2" : "tls1_3";
        Path session = OpenSslClient.sessionFile();
        OpenSslClient.connect(port, protocol, null, session);
        int resumed = 0;
        for (int i = 0; i < RECONNECTIONS; i++) {
            Path next = OpenSslClient.sessionFile();
            resumed += OpenSslClient.connect(port, protocol, session, next).reused() ? 1 : 0;
            if (Files.exists(next)) {
                session = next;
            }
        }
        return (double) resumed / RECONNECTIONS;
    }

    private static Checker.Summary checker(int port, String version) throws Exception {
        CheckerOptions options = CheckerOptions.parse(List.of("localhost:" + port, "--count",
                String.valueOf(RECONNECTIONS + 1), "--tls", version, "--cafile",
                TestCertificates.get().certificatePem().toString()));
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        return new Checker(options, new PrintStream(out, true)).run();
    }
}
