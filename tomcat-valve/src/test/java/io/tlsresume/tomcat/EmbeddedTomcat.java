package io.tlsresume.tomcat;

import io.tlsresume.testkit.Echo;
import io.tlsresume.testkit.NodePair;
import io.tlsresume.testkit.TempFiles;
import io.tlsresume.testkit.TestCertificates;
import io.tlsresume.testkit.TestNodes;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.apache.catalina.Context;
import org.apache.catalina.LifecycleException;
import org.apache.catalina.connector.Connector;
import org.apache.catalina.startup.Tomcat;
import org.apache.tomcat.util.net.SSLHostConfig;

/**
 * One embedded Tomcat 11 wired as the README tells users to: {@link TlsResumeConnector} (an NIO
 * connector with {@link TlsResumeImplementation}, a nested {@link TlsResumeListener} carrying the
 * settings, the test certificate in a {@code <Certificate>}, HTTP/2 over ALPN), and
 * {@link TlsResumeValve} on the engine. Its one servlet ({@link TlsFactsServlet}) answers the
 * {@link Echo} line {@code node=<id> resumed=<bool> protocol=<p> http=<HTTP version>
 * client=<subject or none>} from the valve's request attributes and Tomcat's client certificate.
 */
public final class EmbeddedTomcat implements NodePair.Node {
    public final Tomcat tomcat = new Tomcat();
    public final TlsResumeListener listener = new TlsResumeListener();
    public final TlsResumeValve valve = new TlsResumeValve();
    /** The connector's first (default) host config. */
    public final SSLHostConfig hostConfig;
    public final Connector connector;
    private final String nodeId;
    private final Path baseDir;

    /** Configures, without starting, a node with these listener attributes. */
    public EmbeddedTomcat(Map<String, String> attributes) {
        this(attributes, List.of(defaultHostConfig()));
    }

    /** The README's host config: the test certificate in a PKCS12 {@code <Certificate>}. */
    static SSLHostConfig defaultHostConfig() {
        return TlsResumeConnector.keyStoreHostConfig(TestCertificates.get().keyStore().toString(),
                TestCertificates.PASSWORD);
    }

    /**
     * Configures, without starting, a node with these listener attributes whose connector has
     * these host configs, the first being the default (Tomcat picks one by SNI).
     */
    public EmbeddedTomcat(Map<String, String> attributes, List<SSLHostConfig> hostConfigs) {
        hostConfig = hostConfigs.get(0);
        nodeId = attributes.get("nodeId");
        // Deleted by close, or on exit for a node a test never closes.
        baseDir = TempFiles.directory("tlsresume-tomcat");
        tomcat.setBaseDir(baseDir.toString());
        attributes.forEach(listener::setProperty);
        connector = TlsResumeConnector.addTo(tomcat, 0, hostConfig, listener);
        connector.setProperty("address", "127.0.0.1");
        connector.setProperty("defaultSSLHostConfigName", hostConfig.getHostName());
        hostConfigs.subList(1, hostConfigs.size()).forEach(connector::addSslHostConfig);

        valve.setDiagnosticHeaders(true);
        tomcat.getEngine().getPipeline().addValve(valve);
        Context context = tomcat.addContext("", null);
        Tomcat.addServlet(context, "facts", new TlsFactsServlet());
        context.addServletMappingDecoded("/*", "facts");
    }

    /** Starts Tomcat (and with it the node). */
    public EmbeddedTomcat start() {
        try {
            tomcat.start();
        } catch (LifecycleException e) {
            throw new IllegalStateException(e);
        }
        return this;
    }

    /** Node {@code index} of {@code nodes}, started with these listener attributes too. */
    public static EmbeddedTomcat start(TestNodes nodes, int index, Map<String, String> more) {
        Map<String, String> attributes = new LinkedHashMap<>(nodes.properties(index));
        attributes.putAll(more);
        return new EmbeddedTomcat(attributes).start();
    }

    /** Node {@code index} of {@code nodes} with these attributes too and these host configs. */
    public static EmbeddedTomcat start(TestNodes nodes, int index, Map<String, String> more,
            List<SSLHostConfig> hostConfigs) {
        Map<String, String> attributes = new LinkedHashMap<>(nodes.properties(index));
        attributes.putAll(more);
        return new EmbeddedTomcat(attributes, hostConfigs).start();
    }

    /** Tomcat's {@code reloadSslHostConfigs} on this node's connector (a certificate renewal). */
    public void reloadSslHostConfigs() {
        ((org.apache.coyote.http11.AbstractHttp11Protocol<?>) connector.getProtocolHandler())
                .reloadSslHostConfigs();
    }

    @Override
    public String nodeId() {
        return nodeId;
    }

    /** The bound TLS port. */
    @Override
    public int port() {
        return connector.getLocalPort();
    }

    /**
     * Waits (at most 30 s) until the node's cluster has no partition migration in flight: right
     * after a member joins, Hazelcast moves partitions and map calls may take longer than a
     * handshake-time bound.
     */
    public void awaitClusterSafe() throws InterruptedException {
        var partitions = listener.getNode().hazelcast().orElseThrow().getPartitionService();
        for (int i = 0; i < 300 && !partitions.isClusterSafe(); i++) {
            Thread.sleep(100);
        }
        if (!partitions.isClusterSafe()) {
            throw new IllegalStateException("cluster not safe after 30 s");
        }
    }

    /** Stops and destroys Tomcat, as {@code catalina.sh stop} does, and deletes its base. */
    @Override
    public void close() {
        try {
            tomcat.stop();
            tomcat.destroy();
        } catch (LifecycleException e) {
            throw new IllegalStateException(e);
        } finally {
            TempFiles.delete(baseDir);
        }
    }

    /** Live threads of the Hazelcast member of node {@code nodeId} (named after it). */
    static List<Thread> hazelcastThreadsOf(String nodeId) {
        return Thread.getAllStackTraces().keySet().stream()
                .filter(Thread::isAlive)
                .filter(t -> t.getName().contains("tlsresume-" + nodeId))
                .toList();
    }

    /** Waits (bounded) for the node's Hazelcast threads to end; returns the names still alive. */
    static List<String> hazelcastThreadsLeft(String nodeId) throws InterruptedException {
        for (Thread t : hazelcastThreadsOf(nodeId)) {
            t.join(10_000);
        }
        return hazelcastThreadsOf(nodeId).stream().map(Thread::getName).toList();
    }
}
