package io.tlsresume.tomcat;

import io.tlsresume.testkit.TestCertificates;
import jakarta.servlet.http.HttpServlet;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
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
 * {@link TlsResumeValve} on the engine. Its one servlet answers
 * {@code node=<id> resumed=<bool> protocol=<p>} from the valve's request attributes.
 */
public final class EmbeddedTomcat implements AutoCloseable {
    public final Tomcat tomcat = new Tomcat();
    public final TlsResumeListener listener = new TlsResumeListener();
    public final TlsResumeValve valve = new TlsResumeValve();
    public final SSLHostConfig hostConfig = TlsResumeConnector.keyStoreHostConfig(
            TestCertificates.get().keyStore().toString(), TestCertificates.PASSWORD);
    public final Connector connector;

    /** Configures, without starting, a node with these listener attributes. */
    public EmbeddedTomcat(Map<String, String> attributes) {
        try {
            tomcat.setBaseDir(Files.createTempDirectory("tlsresume-tomcat").toString());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        attributes.forEach(listener::setProperty);
        connector = TlsResumeConnector.addTo(tomcat, 0, hostConfig, listener);
        connector.setProperty("address", "127.0.0.1");

        valve.setDiagnosticHeaders(true);
        tomcat.getEngine().getPipeline().addValve(valve);
        Context context = tomcat.addContext("", null);
        Tomcat.addServlet(context, "facts", new FactsServlet());
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

    /** The bound TLS port. */
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

    /** Stops and destroys Tomcat, as {@code catalina.sh stop} does. */
    @Override
    public void close() {
        try {
            tomcat.stop();
            tomcat.destroy();
        } catch (LifecycleException e) {
            throw new IllegalStateException(e);
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

    /** Answers with what the valve put on the request. */
    static final class FactsServlet extends HttpServlet {
        private static final long serialVersionUID = 1L;

        @Override
        protected void doGet(HttpServletRequest req, HttpServletResponse resp) throws IOException {
            resp.setContentType("text/plain");
            resp.getWriter().print("node=" + req.getAttribute(TlsResumeValve.NODE_ATTR)
                    + " resumed=" + req.getAttribute(TlsResumeValve.RESUMED_ATTR)
                    + " protocol=" + req.getAttribute(TlsResumeValve.PROTOCOL_ATTR)
                    + " http=" + req.getProtocol() + "\n");
        }
    }
}
