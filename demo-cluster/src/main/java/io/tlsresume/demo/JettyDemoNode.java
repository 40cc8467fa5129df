package io.tlsresume.demo;

import io.tlsresume.jetty.ResumingConnector;
import io.tlsresume.jetty.ResumingSslContextFactory;
import io.tlsresume.jetty.ResumptionCustomizer;
import io.tlsresume.testkit.Echo;
import io.tlsresume.testkit.EchoHandler;
import java.nio.file.Path;
import java.util.Map;
import org.eclipse.jetty.server.Server;
import org.eclipse.jetty.server.ServerConnector;

/**
 * One embedded Jetty 12 node wired the way the README tells users to: a
 * {@link ResumingSslContextFactory} with an ordinary Jetty key store, and
 * {@link ResumingConnector} for ALPN (h2, http/1.1) and the {@link ResumptionCustomizer} with
 * diagnostic headers on, so clients can see which node answered. Every response body is the
 * kit's {@link Echo} line: {@code node=<name> resumed=<bool> protocol=<HTTP version>}.
 */
final class JettyDemoNode implements DemoNode {
    private final String name;
    private final Server server = new Server();
    private final ServerConnector connector;
    private final ResumingSslContextFactory ssl = new ResumingSslContextFactory();

    /**
     * @param name the node's name in output and headers
     * @param keyStore the demo key store
     * @param settings tlsresume settings by name (cluster, rotation ...)
     */
    JettyDemoNode(String name, Path keyStore, String keyStorePassword, Map<String, String> settings)
            throws Exception {
        this.name = name;
        ssl.setKeyStorePath(keyStore.toString());
        ssl.setKeyStorePassword(keyStorePassword);
        ssl.setAlpnProtocols("h2,http/1.1");
        ssl.setSetting("nodeId", name);
        ssl.setSettings(settings);

        connector = ResumingConnector.addTo(server, ssl, true);
        connector.setHost("127.0.0.1");
        server.setHandler(new EchoHandler(ResumptionCustomizer.NODE_ATTRIBUTE,
                ResumptionCustomizer.RESUMED_ATTRIBUTE));
        server.start();
    }

    @Override
    public String name() {
        return name;
    }

    @Override
    public String kind() {
        return "Jetty";
    }

    @Override
    public int port() {
        return connector.getLocalPort();
    }

    @Override
    public void close() throws Exception {
        server.stop();
    }
}
