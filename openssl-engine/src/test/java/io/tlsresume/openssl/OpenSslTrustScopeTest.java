package io.tlsresume.openssl;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.tlsresume.testkit.NodePair;
import io.tlsresume.testkit.OpenSslClient;
import io.tlsresume.testkit.TestPki;
import io.tlsresume.tomcat.EmbeddedTomcat;
import io.tlsresume.tomcat.HostScopes;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyStore;
import java.security.cert.CertificateFactory;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * One host, two client-certificate trust configurations: A trusts CA 1 only, B trusts CA 1 and
 * CA 2. Alice's certificate (CA 1) is accepted by both, yet a session made on A is a full
 * handshake on B (and back on A it resumes): what a verified client certificate means differs,
 * so the scope does. Shown for stored sessions and for ring tickets.
 */
class OpenSslTrustScopeTest {
    private static final TestPki CA1 = TestPki.create("trust-one");
    private static final TestPki CA2 = TestPki.create("trust-two");
    private static final TestPki.Issued ALICE = CA1.client("alice", TestPki.KeyAlg.EC, "alice");
    private static NodePair<EmbeddedTomcat> stateful;
    private static NodePair<EmbeddedTomcat> ring;

    @BeforeAll
    static void start() {
        stateful = ScopedNodes.start(Map.of(), OpenSslTrustScopeTest::trust);
        ring = ScopedNodes.start(Map.of("sessionTickets", "ring"), OpenSslTrustScopeTest::trust);
        assertNotEquals(HostScopes.of(stateful.a.hostConfig), HostScopes.of(stateful.b.hostConfig));
    }

    @AfterAll
    static void stop() {
        try {
            stateful.close();
        } finally {
            ring.close();
        }
    }

    /** A: CA 1 (trust store file); B: CA 1 and CA 2 (an in-memory trust store object). */
    private static void trust(int index, EmbeddedTomcat node) {
        ScopedNodes.requireClientCertificates(node.hostConfig, CA1);
        if (index == 1) {
            node.hostConfig.setTruststoreFile(null);
            node.hostConfig.setTrustStore(trustStoreOf(CA1.caPem(), CA2.caPem()));
        }
    }

    private static KeyStore trustStoreOf(Path... caPems) {
        try {
            KeyStore store = KeyStore.getInstance("PKCS12");
            store.load(null, null);
            CertificateFactory x509 = CertificateFactory.getInstance("X.509");
            for (int i = 0; i < caPems.length; i++) {
                try (InputStream in = Files.newInputStream(caPems[i])) {
                    store.setCertificateEntry("ca" + i, x509.generateCertificate(in));
                }
            }
            return store;
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    private static OpenSslClient.Result connect(int port, String protocol, Path in, Path out,
            boolean noTicket) {
        List<String> args = new ArrayList<>(List.of(ScopedNodes.clientCertificate(ALICE)));
        if (noTicket) {
            args.add("-no_ticket");
        }
        return OpenSslClient.connect(port, protocol, in, out, args.toArray(String[]::new));
    }

    private static void assertServedAlice(OpenSslClient.Result result) {
        assertTrue(result.output().contains("HTTP/1.1 200"), result.output());
        assertTrue(result.output().contains("client=CN=alice"), result.output());
    }

    @ParameterizedTest
    @ValueSource(strings = {"tls1_2", "tls1_3"})
    void storedSessionFromATrustIsNewUnderBTrust(String protocol) {
        acrossTrust(stateful, protocol, protocol.equals("tls1_2"));
    }

    @ParameterizedTest
    @ValueSource(strings = {"tls1_2", "tls1_3"})
    void ringTicketFromATrustIsNewUnderBTrust(String protocol) {
        acrossTrust(ring, protocol, false);
    }

    private static void acrossTrust(NodePair<EmbeddedTomcat> pair, String protocol,
            boolean noTicket) {
        Path session = OpenSslClient.sessionFile();
        OpenSslClient.Result first = connect(pair.a.port(), protocol, null, session, noTicket);
        assertFalse(first.reused(), first.output());
        assertServedAlice(first);

        OpenSslClient.Result onB = connect(pair.b.port(), protocol, session, null, noTicket);
        assertFalse(onB.reused(), onB.output());
        assertEquals(pair.nodeId(1), onB.node());
        assertServedAlice(onB); // a full handshake: alice's certificate verified again on B

        OpenSslClient.Result backOnA = connect(pair.a.port(), protocol, session, null, noTicket);
        assertTrue(backOnA.reused(), backOnA.output());
        assertServedAlice(backOnA);
    }
}
