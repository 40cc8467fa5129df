package io.tlsresume.jetty;

import io.tlsresume.testkit.RoundRobinBalancer;
import static org.junit.jupiter.api.Assertions.assertAll;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.tlsresume.testkit.Curl;
import io.tlsresume.testkit.NodePair;
import io.tlsresume.testkit.OpenSslClient;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * HTTP/2 with ALPN negotiated by Netty's engine, resumed across nodes. The client is curl behind
 * a round-robin balancer: one curl run makes several requests, each from its own local port
 * range so curl opens a new connection (to the next node) yet offers the session it holds for
 * that one address. (Connections the server closes first are useless here: OpenSSL then marks
 * the client's session not resumable. curl 7.88 also turns TLS 1.2 tickets off, so with curl
 * only TLS 1.3 can resume on another node; openssl covers TLS 1.2 over h2 below.)
 */
class JettyHttp2ResumptionTest {
    /** curl -v prints the server's Certificate message only in a full handshake. */
    private static final Pattern SERVER_CERTIFICATE =
            Pattern.compile("\\(IN\\), TLS handshake, Certificate \\(11\\)");

    private static NodePair<JettyNode> cluster;
    private static RoundRobinBalancer balancer;

    @BeforeAll
    static void startCluster() throws Exception {
        cluster = NodePair.start(JettyNode::start);
        balancer = cluster.balancer();
    }

    @AfterAll
    static void stopCluster() throws Exception {
        if (balancer != null) {
            balancer.close();
        }
        if (cluster != null) {
            cluster.close();
        }
    }

    @Test
    void curlResumesOnOtherNodeOverHttp2() throws Exception {
        String tls = "1.3";
        int requests = 6;
        Curl run = curl(tls, requests);
        List<String[]> bodies = run.bodies();
        assertEquals(requests, bodies.size(), run.output());
        int fullHandshakes = run.count(SERVER_CERTIFICATE);
        assertAll(
                () -> assertTrue(run.stderr().contains("ALPN: server accepted h2"), run.stderr()),
                () -> assertTrue(run.stderr().contains("SSL connection using TLSv" + tls),
                        run.stderr()),
                // Client-side proof: only the first connection saw the server's certificate.
                () -> assertEquals(1, fullHandshakes, run.stderr()),
                () -> assertTrue(run.stderr().contains("SSL re-using session ID"), run.stderr()));
        // The balancer alternates: each connection reaches the node the previous one did not.
        JettyNode firstNode = bodies.get(0)[0].equals(cluster.a.nodeId()) ? cluster.a : cluster.b;
        for (int i = 0; i < requests; i++) {
            String[] body = bodies.get(i);
            JettyNode expected = i % 2 == 0 ? firstNode
                    : (firstNode == cluster.a ? cluster.b : cluster.a);
            assertEquals(expected.nodeId(), body[0], run.output());
            assertEquals(String.valueOf(i > 0), body[1], run.output());
            assertEquals("HTTP/2.0", body[2], run.output());
        }
    }

    /**
     * Every connection must get its ALPN protocol, also those whose handshake Jetty's listener
     * would miss: 40 connections, all HTTP/2, none closed for want of a protocol.
     */
    @Test
    void negotiatesHttp2OnEveryConnection() throws Exception {
        int requests = 40;
        Curl run = curl("1.3", requests);
        List<String[]> bodies = run.bodies();
        assertEquals(requests, bodies.size(), run.output());
        assertTrue(bodies.stream().allMatch(b -> b[2].equals("HTTP/2.0")), run.output());
        assertEquals(0, run.exitCode(), run.output());
    }

    /**
     * 64 HTTP/2 requests, 16 at a time, opening connections rather than waiting to multiplex:
     * every connection gets h2, and the nodes count exactly as many handshakes as curl opened
     * connections (handshakes that end in BUFFER_UNDERFLOW + FINISHED included).
     */
    @Test
    void countsEveryParallelHttp2ConnectionOnce() throws Exception {
        long before = handshakes();
        List<String> args = new ArrayList<>(List.of("--http2", "--parallel", "--parallel-max",
                "16", "--parallel-immediate"));
        for (int i = 0; i < 64; i++) {
            args.add("https://localhost:" + balancer.port() + "/");
        }
        Curl run = Curl.run(args, balancer.port());
        List<String[]> bodies = run.bodies();
        assertEquals(0, run.exitCode(), run.output());
        assertEquals(64, bodies.size(), run.output());
        assertTrue(bodies.stream().allMatch(b -> b[2].equals("HTTP/2.0")), run.output());
        // Parallel transfers interleave curl's -v lines: count distinct connection numbers.
        long connections = Pattern.compile("Connected to localhost \\S+ port \\d+ \\(#(\\d+)\\)")
                .matcher(run.stderr()).results().map(m -> m.group(1)).distinct().count();
        System.out.printf("parallel h2: %d connections, %d handshakes counted%n", connections,
                handshakes() - before);
        assertEquals(connections, handshakes() - before);
    }

    private static long handshakes() {
        return cluster.a.fullHandshakes() + cluster.a.resumedHandshakes()
                + cluster.b.fullHandshakes() + cluster.b.resumedHandshakes();
    }

    @Test
    void http11ClientsStillServed() throws Exception {
        Curl run = Curl.run(List.of("--http1.1", "https://localhost:" + balancer.port() + "/"),
                balancer.port());
        assertEquals("HTTP/1.1", run.bodies().get(0)[2], run.output());
    }

    /** openssl's own proof: {@code Reused} on the other node with ALPN h2 negotiated. */
    @ParameterizedTest
    @ValueSource(strings = {"tls1_2", "tls1_3"})
    void opensslResumesOnOtherNodeWithAlpnH2(String protocol) {
        Path session = OpenSslClient.sessionFile();
        // The request is not HTTP/2, so the server answers with GOAWAY: its first write, which
        // in TLS 1.3 carries the session tickets.
        OpenSslClient.Result first = OpenSslClient.connect(cluster.a.port(), protocol, null,
                session, "-alpn", "h2");
        assertTrue(first.output().contains("ALPN protocol: h2"), first.output());
        OpenSslClient.Result second = OpenSslClient.connect(cluster.b.port(), protocol, session,
                null, "-alpn", "h2");
        assertTrue(second.output().contains("ALPN protocol: h2"), second.output());
        assertFalse(first.reused(), first.output());
        assertTrue(second.reused(), second.output());
    }

    /** {@code requests} HTTP/2 requests in one curl run, each on a new connection. */
    private static Curl curl(String tls, int requests) throws IOException, InterruptedException {
        List<String> args = new ArrayList<>();
        for (int i = 0; i < requests; i++) {
            if (i > 0) {
                // A new local port rules out reusing the open connection; the session cache
                // does not look at it.
                int from = 10_000 + 50 * i;
                args.addAll(List.of("--next", "--local-port", from + "-" + (from + 49)));
                args.addAll(Curl.common(balancer.port()));
            }
            args.addAll(List.of("--http2", "--tlsv" + tls, "--tls-max", tls,
                    "https://localhost:" + balancer.port() + "/"));
        }
        return Curl.run(args, balancer.port());
    }
}
