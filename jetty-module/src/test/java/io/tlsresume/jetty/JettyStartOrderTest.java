package io.tlsresume.jetty;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.tlsresume.testkit.OpenSslClient;
import io.tlsresume.testkit.Ports;
import io.tlsresume.testkit.TestNodes;
import java.io.IOException;
import java.net.ConnectException;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.file.Path;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.function.BiFunction;
import org.eclipse.jetty.server.HttpConnectionFactory;
import org.eclipse.jetty.server.Server;
import org.eclipse.jetty.server.ServerConnector;
import org.eclipse.jetty.server.SslConnectionFactory;
import org.junit.jupiter.api.Test;

/**
 * The TLS port accepts nothing until the node has joined its cluster and installed the ring: a
 * balancer's TCP check must not mark a node up that cannot yet serve from the shared ring.
 */
class JettyStartOrderTest {

    @Test
    void resumingConnectorOpensOnlyAfterNodeStarted() throws Exception {
        assertPortClosedWhileNodeStarts(
                (server, ssl) -> ResumingConnector.addTo(server, ssl, true));
    }

    @Test
    void plainServerConnectorOpensOnlyAfterNodeStarted() throws Exception {
        assertPortClosedWhileNodeStarts((server, ssl) -> {
            ResumingConnector.startBeforeConnectors(server, ssl);
            ServerConnector connector = new ServerConnector(server,
                    new SslConnectionFactory(ssl, "http/1.1"), new HttpConnectionFactory());
            server.addConnector(connector);
            return connector;
        });
    }

    private static void assertPortClosedWhileNodeStarts(
            BiFunction<Server, ResumingSslContextFactory, ServerConnector> wiring)
            throws Exception {
        HeldFactory ssl = JettyNode.configure(new HeldFactory(), new TestNodes(1), 0);
        ssl.setAlpnProtocols("http/1.1");
        Server server = new Server();
        ServerConnector connector = wiring.apply(server, ssl);
        int port = Ports.free();
        connector.setHost("127.0.0.1");
        connector.setPort(port);
        server.setHandler(new ClientCertEchoHandler());
        CompletableFuture<Void> started = CompletableFuture.runAsync(() -> {
            try {
                server.start();
            } catch (Exception e) {
                throw new IllegalStateException(e);
            }
        });
        try {
            assertTrue(ssl.entered.await(30, TimeUnit.SECONDS), "node start never began");
            assertNull(ssl.getNode(), "the node must still be starting");
            assertThrows(ConnectException.class, () -> connect(port),
                    "the port accepted while the node had not joined");

            ssl.release.countDown();
            started.get(60, TimeUnit.SECONDS);
            Path session = OpenSslClient.sessionFile();
            OpenSslClient.Result first = OpenSslClient.connect(port, "tls1_3", null, session);
            assertFalse(first.reused(), first.output());
            OpenSslClient.Result second = OpenSslClient.connect(port, "tls1_3", session, null);
            assertTrue(second.reused(), second.output());
            assertEquals(1, ssl.getNode().metrics().getResumedHandshakes());
        } finally {
            ssl.release.countDown();
            started.handle((v, e) -> null).get(60, TimeUnit.SECONDS);
            server.stop();
        }
    }

    private static void connect(int port) throws IOException {
        try (Socket s = new Socket()) {
            s.connect(new InetSocketAddress("127.0.0.1", port), 2000);
        }
    }

    /** Holds its start (before the node joins) until released, like a slow cluster join. */
    static final class HeldFactory extends ResumingSslContextFactory {
        final CountDownLatch entered = new CountDownLatch(1);
        final CountDownLatch release = new CountDownLatch(1);

        @Override
        protected void doStart() throws Exception {
            entered.countDown();
            if (!release.await(60, TimeUnit.SECONDS)) {
                throw new IllegalStateException("never released");
            }
            super.doStart();
        }
    }
}
