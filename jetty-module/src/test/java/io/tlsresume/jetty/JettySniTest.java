package io.tlsresume.jetty;

import static io.tlsresume.jetty.JettyPki.served;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.tlsresume.testkit.NodePair;
import io.tlsresume.testkit.OpenSslClient;
import io.tlsresume.testkit.TestPki;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Two Jetty nodes whose key store holds three entries: {@code a.test} with an RSA and an EC key,
 * {@code b.test} with an EC key. Each connection gets the entry stock Jetty would choose, by SNI
 * and the client's signature algorithms, and resumes only sessions of its own host.
 */
class JettySniTest {
    private static final String EC_ONLY = "ecdsa_secp256r1_sha256";
    private static final String RSA_ONLY = "rsa_pss_rsae_sha256:rsa_pkcs1_sha256";
    private static NodePair<JettyNode> cluster;
    private static TestPki.Issued aRsa;
    private static TestPki.Issued aEc;
    private static TestPki.Issued b;

    @BeforeAll
    static void startCluster() {
        TestPki ca = JettyPki.get().ca;
        aRsa = ca.server("a-rsa", TestPki.KeyAlg.RSA, "a.test");
        aEc = ca.server("a-ec", TestPki.KeyAlg.EC, "a.test");
        b = ca.server("b", TestPki.KeyAlg.EC, "b.test");
        Path keyStore = JettyPki.keyStoreOf(aRsa, aEc, b);
        cluster = NodePair.start((nodes, index) -> JettyNode.start(nodes, index,
                ssl -> ssl.setKeyStorePath(keyStore.toString())));
    }

    @AfterAll
    static void stopCluster() {
        if (cluster != null) {
            cluster.close();
        }
    }

    @ParameterizedTest
    @ValueSource(strings = {"tls1_2", "tls1_3"})
    void eachHostGetsItsCertificateOnBothNodes(String protocol) {
        for (JettyNode node : List.of(cluster.a, cluster.b)) {
            assertTrue(served(b, connect(node, protocol, "b.test", null, null)));
            // Both keys fit a.test; a client accepting both gets EC, as from stock Jetty.
            assertTrue(served(aEc, connect(node, protocol, "a.test", null, null)));
        }
    }

    @ParameterizedTest(name = "{0} {1}")
    @CsvSource({"tls1_2, RSA", "tls1_2, EC", "tls1_3, RSA", "tls1_3, EC"})
    void signatureAlgorithmsPickTheKeyAndBothResumeAcrossNodes(String protocol, String key) {
        String sigalgs = key.equals("RSA") ? RSA_ONLY : EC_ONLY;
        TestPki.Issued expected = key.equals("RSA") ? aRsa : aEc;
        Path session = OpenSslClient.sessionFile();
        OpenSslClient.Result onA = connect(cluster.a, protocol, "a.test", null, session,
                "-sigalgs", sigalgs);
        assertFalse(onA.reused(), onA.output());
        assertTrue(served(expected, onA), onA.output());

        long resumedBefore = cluster.b.resumedHandshakes();
        OpenSslClient.Result onB = connect(cluster.b, protocol, "a.test", session, null,
                "-sigalgs", sigalgs);
        assertTrue(onB.reused(), onB.output());
        assertTrue(served(expected, onB), onB.output());
        assertEquals(resumedBefore + 1, cluster.b.resumedHandshakes());
    }

    @ParameterizedTest
    @ValueSource(strings = {"tls1_2", "tls1_3"})
    void sessionOfOneHostIsNewForTheOtherHostOnEitherNode(String protocol) {
        Path session = OpenSslClient.sessionFile();
        OpenSslClient.Result made = connect(cluster.a, protocol, "a.test", null, session);
        assertFalse(made.reused(), made.output());

        for (JettyNode node : List.of(cluster.a, cluster.b)) {
            OpenSslClient.Result other = connect(node, protocol, "b.test", session, null);
            assertFalse(other.reused(), "a.test's session resumed for b.test on "
                    + node.nodeId() + ":\n" + other.output());
            assertTrue(served(b, other), other.output());
        }
        OpenSslClient.Result same = connect(cluster.b, protocol, "a.test", session, null);
        assertTrue(same.reused(), same.output());
    }

    @Test
    void hostsHaveDifferentScopesAndKeysOfOneHostTheSame() {
        var contexts = cluster.a.sslContextFactory().getContexts();
        assertEquals(3, contexts.size());
        assertEquals(contexts.get(0).scope(), contexts.get(1).scope(), "a-rsa and a-ec");
        assertNotEquals(contexts.get(0).scope(), contexts.get(2).scope(), "a.test and b.test");
        assertEquals(contexts.get(2).scope(),
                cluster.b.sslContextFactory().getContexts().get(2).scope(), "b.test on A and B");
    }

    private static OpenSslClient.Result connect(JettyNode node, String protocol, String host,
            Path sessIn, Path sessOut, String... more) {
        String[] args = new String[more.length + 2];
        args[0] = "-servername";
        args[1] = host;
        System.arraycopy(more, 0, args, 2, more.length);
        return OpenSslClient.connect(node.port(), protocol, sessIn, sessOut, args);
    }
}
