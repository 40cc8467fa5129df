package io.tlsresume.jetty;

import static io.tlsresume.jetty.JettyPki.served;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.tlsresume.testkit.NodePair;
import io.tlsresume.testkit.OpenSslClient;
import io.tlsresume.testkit.TestPki;
import java.nio.file.Path;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * A rolling certificate renewal: node A reloads to a renewed certificate (new key, same host)
 * while B still serves the old one. Sessions made before still resume on both nodes, and
 * sessions made on A with the new certificate resume on B: the scope depends on the host names
 * and the client-certificate trust, never on the server's own key.
 */
class JettyCertificateRenewalTest {

    @ParameterizedTest
    @ValueSource(strings = {"tls1_2", "tls1_3"})
    void sessionsKeepResumingAcrossNodesThroughARenewal(String protocol) throws Exception {
        TestPki ca = JettyPki.get().ca;
        TestPki.Issued old = ca.server("renew-old-" + protocol, TestPki.KeyAlg.EC, "localhost");
        TestPki.Issued renewed = ca.server("renew-new-" + protocol, TestPki.KeyAlg.EC,
                "localhost");
        try (NodePair<JettyNode> cluster = NodePair.start((nodes, index) -> JettyNode.start(
                nodes, index, ssl -> ssl.setKeyStorePath(old.p12().toString())))) {
            Path before = OpenSslClient.sessionFile();
            OpenSslClient.Result made = OpenSslClient.connect(cluster.a.port(), protocol, null,
                    before);
            assertTrue(served(old, made), made.output());
            var scopeBefore = cluster.a.sslContextFactory().getContexts().get(0).scope();

            cluster.a.sslContextFactory().reload(f -> f.setKeyStorePath(renewed.p12().toString()));

            assertEquals(scopeBefore, cluster.a.sslContextFactory().getContexts().get(0).scope());
            for (JettyNode node : java.util.List.of(cluster.a, cluster.b)) {
                OpenSslClient.Result again = OpenSslClient.connect(node.port(), protocol, before,
                        null);
                assertTrue(again.reused(), "a session from before the renewal on "
                        + node.nodeId() + ":\n" + again.output());
            }
            Path after = OpenSslClient.sessionFile();
            OpenSslClient.Result onA = OpenSslClient.connect(cluster.a.port(), protocol, null,
                    after);
            assertFalse(onA.reused(), onA.output());
            assertTrue(served(renewed, onA), "A serves the renewed certificate:\n"
                    + onA.output());
            long resumedBefore = cluster.b.resumedHandshakes();
            OpenSslClient.Result onB = OpenSslClient.connect(cluster.b.port(), protocol, after,
                    null);
            assertTrue(onB.reused(), onB.output());
            assertEquals(resumedBefore + 1, cluster.b.resumedHandshakes());
        }
    }
}
