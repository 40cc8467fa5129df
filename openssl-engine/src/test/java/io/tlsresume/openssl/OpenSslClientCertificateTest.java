package io.tlsresume.openssl;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.tlsresume.testkit.NodePair;
import io.tlsresume.testkit.OpenSslClient;
import io.tlsresume.testkit.TestPki;
import io.tlsresume.tomcat.EmbeddedTomcat;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * {@code certificateVerification="required"} with a trust store, verified by Tomcat's own FFM
 * engine: a session made with a client certificate on A resumes on B (TLS 1.2 session id, TLS 1.2
 * and 1.3 ring tickets, TLS 1.3 stateful tickets), and the servlet on B sees the client's
 * certificate on the resumed connection without the client sending it again.
 */
class OpenSslClientCertificateTest {
    private static final TestPki PKI = TestPki.create("client-ca");
    private static final TestPki.Issued ALICE = PKI.client("alice", TestPki.KeyAlg.EC, "alice");
    private static NodePair<EmbeddedTomcat> stateful;
    private static NodePair<EmbeddedTomcat> ring;

    @BeforeAll
    static void start() {
        stateful = ScopedNodes.start(Map.of(), (index, node) ->
                ScopedNodes.requireClientCertificates(node.hostConfig, PKI));
        ring = ScopedNodes.start(Map.of("sessionTickets", "ring"), (index, node) ->
                ScopedNodes.requireClientCertificates(node.hostConfig, PKI));
    }

    @AfterAll
    static void stop() {
        try {
            stateful.close();
        } finally {
            ring.close();
        }
    }

    private static OpenSslMetrics store(NodePair<EmbeddedTomcat> pair, int index) {
        return OpenSslMetrics.of(pair.node(index).listener.getNode());
    }

    private static String[] withCertificate(String... more) {
        List<String> args = new ArrayList<>(List.of(ScopedNodes.clientCertificate(ALICE)));
        args.addAll(List.of(more));
        return args.toArray(String[]::new);
    }

    private static void assertServedAlice(OpenSslClient.Result result) {
        assertTrue(result.output().contains("HTTP/1.1 200"), result.output());
        assertTrue(result.output().contains("client=CN=alice"), result.output());
    }

    @Test
    void tls12SessionIdWithClientCertificateResumesOnBWithTheCertificate() {
        long hitsBefore = store(stateful, 1).hits();
        Path session = OpenSslClient.sessionFile();
        OpenSslClient.Result first = OpenSslClient.connect(stateful.a.port(), "tls1_2", null,
                session, withCertificate("-no_ticket"));
        assertFalse(first.reused(), first.output());
        assertEquals(stateful.nodeId(0), first.node());
        assertServedAlice(first);

        OpenSslClient.Result second = OpenSslClient.connect(stateful.b.port(), "tls1_2", session,
                null, withCertificate("-no_ticket"));
        assertTrue(second.reused(), second.output());
        assertEquals(stateful.nodeId(1), second.node());
        assertEquals(first.sessionId(), second.sessionId());
        assertServedAlice(second);
        assertEquals(hitsBefore + 1, store(stateful, 1).hits());
    }

    @Test
    void tls13StatefulTicketWithClientCertificateResumesOnBWithTheCertificate() {
        long hitsBefore = store(stateful, 1).hits();
        Path session = OpenSslClient.sessionFile();
        OpenSslClient.Result first = OpenSslClient.connect(stateful.a.port(), "tls1_3", null,
                session, withCertificate());
        assertFalse(first.reused(), first.output());
        assertServedAlice(first);

        OpenSslClient.Result second = OpenSslClient.connect(stateful.b.port(), "tls1_3", session,
                null, withCertificate());
        assertTrue(second.reused(), second.output());
        assertEquals(stateful.nodeId(1), second.node());
        assertServedAlice(second);
        assertEquals(hitsBefore + 1, store(stateful, 1).hits());
    }

    @ParameterizedTest
    @ValueSource(strings = {"tls1_2", "tls1_3"})
    void ringTicketWithClientCertificateResumesOnBWithTheCertificate(String protocol) {
        long hitsBefore = store(ring, 1).hits();
        Path session = OpenSslClient.sessionFile();
        OpenSslClient.Result first = OpenSslClient.connect(ring.a.port(), protocol, null,
                session, withCertificate());
        assertFalse(first.reused(), first.output());
        assertTrue(first.output().contains("TLS session ticket:"), first.output());
        assertServedAlice(first);

        OpenSslClient.Result second = OpenSslClient.connect(ring.b.port(), protocol, session,
                null, withCertificate());
        assertTrue(second.reused(), second.output());
        assertEquals(ring.nodeId(1), second.node());
        assertServedAlice(second);
        assertEquals(hitsBefore, store(ring, 1).hits(), "resumed through the store");
    }

    @ParameterizedTest
    @ValueSource(strings = {"tls1_2", "tls1_3"})
    void noCertificateOrOneFromAnotherCaIsRefusedOnEveryNode(String protocol) {
        TestPki other = TestPki.create("other-ca");
        TestPki.Issued mallory = other.client("mallory", TestPki.KeyAlg.EC, "alice");
        for (int index = 0; index < 2; index++) {
            int port = stateful.node(index).port();
            // Control: the node serves alice, so the refusals below are the certificate's doing.
            assertServedAlice(OpenSslClient.connect(port, protocol, null, null,
                    withCertificate()));
            assertNotServed(() -> OpenSslClient.connect(port, protocol, null, null));
            assertNotServed(() -> OpenSslClient.connect(port, protocol, null, null,
                    ScopedNodes.clientCertificate(mallory)));
        }
    }

    /** The handshake fails: s_client shows no handshake, or no response follows it. */
    private static void assertNotServed(java.util.function.Supplier<OpenSslClient.Result> call) {
        try {
            OpenSslClient.Result result = call.get();
            assertFalse(result.output().contains("HTTP/1.1 200"), result.output());
        } catch (IllegalStateException e) {
            assertTrue(e.getMessage().startsWith("no handshake in s_client output"),
                    e.getMessage());
        }
    }
}
