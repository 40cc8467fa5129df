package io.tlsresume.openssl;

import io.tlsresume.core.ResumptionNode;
import io.tlsresume.jetty.ResumingConnector;
import io.tlsresume.jetty.ResumingSslContextFactory;
import io.tlsresume.jetty.ResumptionCustomizer;
import io.tlsresume.testkit.Echo;
import io.tlsresume.testkit.NodePair;
import io.tlsresume.testkit.TestCertificates;
import io.tlsresume.testkit.TestNodes;
import java.util.Map;
import org.eclipse.jetty.io.Content;
import org.eclipse.jetty.server.Handler;
import org.eclipse.jetty.server.Request;
import org.eclipse.jetty.server.Response;
import org.eclipse.jetty.server.Server;
import org.eclipse.jetty.server.ServerConnector;
import org.eclipse.jetty.util.Callback;

/**
 * One embedded Jetty node on engine=openssl, wired as a user would ({@link ResumingConnector},
 * h2 and http/1.1), with the test certificates every Tomcat test node also serves: same host
 * names, so the same resumption scope. Answers with the {@link Echo} line.
 */
final class JettyOpenSslNode implements NodePair.Node {
    private final Server server = new Server();
    private final ResumingSslContextFactory ssl = new ResumingSslContextFactory();
    private final ServerConnector connector;

    private JettyOpenSslNode(TestNodes nodes, int index, Map<String, String> more) {
        ssl.setKeyStorePath(TestCertificates.get().keyStore().toString());
        ssl.setKeyStorePassword(TestCertificates.PASSWORD);
        ssl.setAlpnProtocols("h2,http/1.1");
        nodes.properties(index).forEach(ssl::setSetting);
        ssl.setSetting("nodeId", "jetty" + index + "-" + nodes.clusterName().substring(5, 13));
        ssl.setSetting("engine", "openssl");
        more.forEach(ssl::setSetting);
        connector = ResumingConnector.addTo(server, ssl, true);
        connector.setHost("127.0.0.1");
        server.setHandler(new EchoHandler());
    }

    /** Starts node {@code index} of {@code nodes} with {@code more} tlsresume settings. */
    static JettyOpenSslNode start(TestNodes nodes, int index, Map<String, String> more)
            throws Exception {
        JettyOpenSslNode node = new JettyOpenSslNode(nodes, index, more);
        try {
            node.server.start();
            return node;
        } catch (Exception | Error e) {
            node.close();
            throw e;
        }
    }

    ResumingSslContextFactory sslContextFactory() {
        return ssl;
    }

    ResumptionNode node() {
        return ssl.getNode();
    }

    /**
     * Waits (at most 30 s) until no partition migration is in flight, as
     * {@code EmbeddedTomcat.awaitClusterSafe}: right after a join, map calls may take longer
     * than a handshake-time bound.
     */
    void awaitClusterSafe() throws InterruptedException {
        var partitions = node().hazelcast().orElseThrow().getPartitionService();
        for (int i = 0; i < 300 && !partitions.isClusterSafe(); i++) {
            Thread.sleep(100);
        }
        if (!partitions.isClusterSafe()) {
            throw new IllegalStateException("cluster not safe after 30 s");
        }
    }

    @Override
    public String nodeId() {
        return ssl.getNodeId();
    }

    @Override
    public int port() {
        return connector.getLocalPort();
    }

    @Override
    public void close() throws Exception {
        server.stop();
    }

    private static final class EchoHandler extends Handler.Abstract {
        @Override
        public boolean handle(Request request, Response response, Callback callback) {
            String body = Echo.body(request.getAttribute(ResumptionCustomizer.NODE_ATTRIBUTE),
                    request.getAttribute(ResumptionCustomizer.RESUMED_ATTRIBUTE),
                    request.getConnectionMetaData().getProtocol());
            Content.Sink.write(response, true, body, callback);
            return true;
        }
    }
}
