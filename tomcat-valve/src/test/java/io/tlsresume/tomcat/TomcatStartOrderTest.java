package io.tlsresume.tomcat;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.tlsresume.core.ResumptionNode;
import io.tlsresume.testkit.OpenSslClient;
import io.tlsresume.testkit.Ports;
import io.tlsresume.testkit.TestNodes;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.file.Path;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/**
 * The TLS port accepts nothing until the node has joined its cluster and installed the ring: a
 * balancer's TCP check must not mark a node up that cannot yet serve from the shared ring.
 */
class TomcatStartOrderTest {

    @Test
    void portAcceptsOnlyAfterNodeStarted() throws Exception {
        int port = Ports.free();
        EmbeddedTomcat tomcat = new EmbeddedTomcat(new TestNodes(1).properties(0));
        tomcat.connector.setPort(port);
        CompletableFuture<EmbeddedTomcat> started = CompletableFuture.supplyAsync(tomcat::start);
        try {
            // The node (Hazelcast start, first ring sync) takes a second or more: poll through it.
            ResumptionNode nodeAtFirstAccept = null;
            boolean accepted = false;
            for (int i = 0; i < 6000 && !accepted; i++) {
                ResumptionNode before = tomcat.listener.getNode();
                accepted = accepts(port);
                nodeAtFirstAccept = before;
                if (!accepted) {
                    Thread.sleep(5);
                }
            }
            assertTrue(accepted, "the port never accepted");
            assertNotNull(nodeAtFirstAccept, "the port accepted before the node had started");
            assertNotNull(nodeAtFirstAccept.metrics().getCurrentKeyFingerprint(),
                    "the node started without a ring installed");

            started.get(60, TimeUnit.SECONDS);
            Path session = OpenSslClient.sessionFile();
            assertFalse(OpenSslClient.connect(port, "tls1_3", null, session).reused());
            OpenSslClient.Result second = OpenSslClient.connect(port, "tls1_3", session, null);
            assertTrue(second.reused(), second.output());
            assertTrue(tomcat.listener.getNode().metrics().getResumedHandshakes() >= 1);
        } finally {
            started.handle((t, e) -> null).get(60, TimeUnit.SECONDS);
            tomcat.close();
        }
    }

    private static boolean accepts(int port) {
        try (Socket s = new Socket()) {
            s.connect(new InetSocketAddress("127.0.0.1", port), 1000);
            return true;
        } catch (IOException e) {
            return false;
        }
    }
}
