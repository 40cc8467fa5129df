package io.tlsresume.jetty;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.tlsresume.testkit.OpenSslClient;
import io.tlsresume.testkit.TestNodes;
import java.nio.file.Path;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** The control: with {@code cluster.mode=none} each node keeps its own ring. */
class JettyWithoutSharedRingTest {

    @ParameterizedTest
    @ValueSource(strings = {"tls1_2", "tls1_3"})
    void otherNodeStartsNewSessionWithoutSharedRing(String protocol) throws Exception {
        TestNodes nodes = new TestNodes(2);
        try (JettyNode a = JettyNode.start(nodes, 0, ssl -> ssl.setSetting("cluster.mode", "none"));
                JettyNode b = JettyNode.start(nodes, 1,
                        ssl -> ssl.setSetting("cluster.mode", "none"))) {
            Path session = OpenSslClient.sessionFile();
            OpenSslClient.connect(a.port(), protocol, null, session);
            OpenSslClient.Result sameNode = OpenSslClient.connect(a.port(), protocol, session,
                    null);
            assertTrue(sameNode.reused(), "the session itself must be resumable: "
                    + sameNode.output());

            OpenSslClient.Result otherNode = OpenSslClient.connect(b.port(), protocol, session,
                    null);
            assertFalse(otherNode.reused(), otherNode.output());
            assertTrue(otherNode.output().contains("resumed=false"), otherNode.output());
        }
    }
}
