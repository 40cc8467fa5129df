package io.tlsresume.tomcat;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.tlsresume.testkit.JdkHttpsClient;
import io.tlsresume.testkit.OpenSslClient;
import io.tlsresume.testkit.RoundRobinBalancer;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * {@code certificateVerification="required"} on two nodes of one cluster, trust from Tomcat's own
 * attributes: A reads {@code truststoreFile}, B has the same CA as a trust store object set in
 * code ({@code SSLHostConfig.setTrustStore}), so both forms derive the same scope. A session made
 * with a client certificate resumes on the other node, and the servlet there sees the
 * certificate.
 */
class TomcatClientCertificateTest {
    private static TomcatPair pair;

    @BeforeAll
    static void start() {
        pair = new TomcatPair(Map.of(), index -> {
            if (index == 0) {
                return List.of(TestHosts.requiring("required"));
            }
            var host = TestHosts.host("_default_", TestHosts.SERVER_EC);
            host.setCertificateVerification("required");
            host.setTrustStore(TestHosts.CA.trustStore());
            return List.of(host);
        });
    }

    @AfterAll
    static void stop() {
        pair.close();
    }

    @ParameterizedTest
    @ValueSource(strings = {"tls1_2", "tls1_3"})
    void sessionWithClientCertificateResumesOnOtherNodeAndServletSeesIt(String protocol) {
        long resumedBefore = pair.b.listener.getNode().metrics().getResumedHandshakes();
        Path session = OpenSslClient.sessionFile();
        String[] alice = TestHosts.clientCertificateArgs(TestHosts.ALICE).toArray(String[]::new);

        OpenSslClient.Result first = OpenSslClient.connect(pair.a.port(), protocol, null,
                session, alice);
        assertFalse(first.reused(), first.output());
        assertTrue(first.output().contains("node=" + pair.nodeId(0) + " resumed=false"),
                first.output());
        assertTrue(first.output().contains("client=CN=alice"), first.output());

        OpenSslClient.Result second = OpenSslClient.connect(pair.b.port(), protocol, session,
                null, alice);
        assertTrue(second.reused(), second.output());
        assertTrue(second.output().contains("node=" + pair.nodeId(1) + " resumed=true"),
                second.output());
        assertTrue(second.output().contains("client=CN=alice"), second.output());
        assertEquals(resumedBefore + 1,
                pair.b.listener.getNode().metrics().getResumedHandshakes());
    }

    @ParameterizedTest
    @ValueSource(strings = {"TLSv1.2", "TLSv1.3"})
    void javaClientWithKeyManagerResumesBehindBalancer(String protocol) {
        JdkHttpsClient client = new JdkHttpsClient(TestHosts.clientContext(TestHosts.ALICE),
                protocol);
        try (RoundRobinBalancer balancer = pair.balancer()) {
            JdkHttpsClient.Exchange first = client.get(balancer.port());
            assertTrue(first.body().contains("node=" + pair.nodeId(0) + " resumed=false"),
                    first.body());
            assertTrue(first.body().contains("client=CN=alice"), first.body());

            JdkHttpsClient.Exchange second = client.get(balancer.port());
            assertEquals(protocol, second.protocol());
            assertTrue(second.body().contains("node=" + pair.nodeId(1) + " resumed=true"),
                    second.body());
            assertTrue(second.body().contains("client=CN=alice"), second.body());
            if (protocol.equals("TLSv1.2")) {
                assertEquals(first.sessionId(), second.sessionId());
            }
        }
    }

    @ParameterizedTest
    @ValueSource(strings = {"tls1_2", "tls1_3"})
    void certificateOfAnotherCaFailsOnEveryNode(String protocol) {
        for (EmbeddedTomcat node : List.of(pair.a, pair.b)) {
            String out = connectRefused(node.port(), protocol,
                    TestHosts.clientCertificateArgs(TestHosts.MALLORY));
            assertFalse(out.contains("node="), out);
            assertTrue(out.contains("alert"), out);
        }
    }

    @ParameterizedTest
    @ValueSource(strings = {"tls1_2", "tls1_3"})
    void noCertificateFailsOnEveryNode(String protocol) {
        for (EmbeddedTomcat node : List.of(pair.a, pair.b)) {
            String out = connectRefused(node.port(), protocol, List.of());
            assertFalse(out.contains("node="), out);
            assertTrue(out.contains("alert"), out);
        }
    }

    /** s_client's whole output for a connection the server refuses (it may not say New). */
    static String connectRefused(int port, String protocol, List<String> extra) {
        List<String> args = new ArrayList<>(extra);
        try {
            return OpenSslClient.connect(port, protocol, null, null, args.toArray(String[]::new))
                    .output();
        } catch (IllegalStateException e) {
            // No "New"/"Reused" line at all: the handshake ended before it.
            return e.getMessage();
        }
    }
}
