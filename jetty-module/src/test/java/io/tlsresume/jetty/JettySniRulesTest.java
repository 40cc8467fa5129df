package io.tlsresume.jetty;

import static io.tlsresume.jetty.JettyPki.served;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.tlsresume.testkit.OpenSslClient;
import io.tlsresume.testkit.TestNodes;
import io.tlsresume.testkit.TestPki;
import java.nio.file.Path;
import java.util.function.Consumer;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Stock Jetty's SNI rules on one node, with a key store of an exact host ({@code a.test}), a
 * wildcard ({@code *.w.test}) and an exact host under the wildcard ({@code x.w.test}).
 */
class JettySniRulesTest {
    private static TestPki.Issued a;
    private static TestPki.Issued wild;
    private static TestPki.Issued exact;
    private static Path keyStore;

    @BeforeAll
    static void makeKeys() {
        TestPki ca = JettyPki.get().ca;
        a = ca.server("rules-a", TestPki.KeyAlg.EC, "a.test");
        wild = ca.server("rules-wild", TestPki.KeyAlg.EC, "*.w.test");
        exact = ca.server("rules-exact", TestPki.KeyAlg.EC, "x.w.test");
        keyStore = JettyPki.keyStoreOf(a, wild, exact);
    }

    @Test
    void wildcardServesItsSubdomainsAndAnExactNameWins() throws Exception {
        try (JettyNode node = single(ssl -> { })) {
            assertTrue(served(wild, connect(node, "y.w.test")));
            assertTrue(served(exact, connect(node, "x.w.test")));
            assertTrue(served(a, connect(node, "a.test")));
        }
    }

    @Test
    void certAliasServesClientsNoEntryNames() throws Exception {
        try (JettyNode node = single(ssl -> ssl.setCertAlias("rules-exact"))) {
            assertTrue(served(exact, connect(node, "unknown.test")));
            assertTrue(served(a, connect(node, "a.test")), "SNI still picks among entries");
        }
    }

    @Test
    void sniRequiredRefusesAHostNoEntryNames() throws Exception {
        try (JettyNode node = single(ssl -> ssl.setSniRequired(true))) {
            OpenSslClient.Result unknown = connect(node, "unknown.test");
            JettyPki.assertRefused(unknown);
            assertTrue(served(a, connect(node, "a.test")));
        }
    }

    @Test
    void customSniSelectorDecides() throws Exception {
        try (JettyNode node = single(ssl -> ssl.setSNISelector(
                (keyType, issuers, session, sniHost, certificates) -> "rules-wild"))) {
            assertTrue(served(wild, connect(node, "a.test")));
        }
    }

    private static OpenSslClient.Result connect(JettyNode node, String host) {
        return OpenSslClient.connect(node.port(), "tls1_3", null, null, "-servername", host);
    }

    private static JettyNode single(Consumer<ResumingSslContextFactory> more) throws Exception {
        return JettyNode.start(new TestNodes(1), 0, ssl -> {
            ssl.setSetting("cluster.mode", "none");
            ssl.setKeyStorePath(keyStore.toString());
            more.accept(ssl);
        });
    }
}
