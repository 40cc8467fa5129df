package io.tlsresume.jetty;

import io.tlsresume.testkit.Echo;
import io.tlsresume.testkit.NodePair;
import io.tlsresume.testkit.TestCertificates;
import io.tlsresume.testkit.TestNodes;
import java.util.function.Consumer;
import org.eclipse.jetty.server.Server;
import org.eclipse.jetty.server.ServerConnector;

/**
 * One embedded Jetty node on 127.0.0.1 wired as a user would: {@link ResumingSslContextFactory}
 * with Jetty's key store settings, and {@link ResumingConnector} for ALPN (h2, http/1.1), HTTP/2,
 * HTTP/1.1 and the {@link ResumptionCustomizer} (diagnostic headers on). Every response body is
 * the {@link Echo} line, {@code node=<id> resumed=<bool> protocol=<HTTP version>}, then
 * {@code client=<subject>} or {@code client=none} ({@link ClientCertEchoHandler}).
 */
final class JettyNode implements NodePair.Node {
    private final Server server;
    private final ServerConnector connector;
    private final ResumingSslContextFactory ssl;

    private JettyNode(ResumingSslContextFactory ssl) {
        this.ssl = ssl;
        this.server = new Server();
        connector = ResumingConnector.addTo(server, ssl, true);
        connector.setHost("127.0.0.1");
        server.setHandler(new ClientCertEchoHandler());
    }

    /** A factory configured for node {@code index} of {@code nodes}, then by {@code more}. */
    static ResumingSslContextFactory factory(TestNodes nodes, int index,
            Consumer<ResumingSslContextFactory> more) {
        ResumingSslContextFactory ssl = configure(new ResumingSslContextFactory(), nodes, index);
        more.accept(ssl);
        return ssl;
    }

    /** {@code ssl} configured for node {@code index} of {@code nodes}. */
    static <F extends ResumingSslContextFactory> F configure(F ssl, TestNodes nodes, int index) {
        ssl.setKeyStorePath(TestCertificates.get().keyStore().toString());
        ssl.setKeyStorePassword(TestCertificates.PASSWORD);
        ssl.setAlpnProtocols("h2,http/1.1");
        ssl.setSetting("nodeId", "jetty" + index + "-" + nodes.clusterName().substring(5, 13));
        ssl.setSetting("cluster.name", nodes.clusterName());
        ssl.setSetting("cluster.members", nodes.members());
        ssl.setSetting("cluster.port", String.valueOf(nodes.clusterPort(index)));
        return ssl;
    }

    static JettyNode start(TestNodes nodes, int index) throws Exception {
        return start(nodes, index, ssl -> { });
    }

    static JettyNode start(TestNodes nodes, int index, Consumer<ResumingSslContextFactory> more)
            throws Exception {
        JettyNode node = new JettyNode(factory(nodes, index, more));
        try {
            node.server.start();
            return node;
        } catch (Exception | Error e) {
            node.close();
            throw e;
        }
    }

    @Override
    public int port() {
        return connector.getLocalPort();
    }

    @Override
    public String nodeId() {
        return ssl.getNodeId();
    }

    ResumingSslContextFactory sslContextFactory() {
        return ssl;
    }

    long fullHandshakes() {
        return ssl.getNode().metrics().getFullHandshakes();
    }

    long resumedHandshakes() {
        return ssl.getNode().metrics().getResumedHandshakes();
    }

    @Override
    public void close() throws Exception {
        server.stop();
    }
}
