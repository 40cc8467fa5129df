package io.tlsresume.tomcat;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.tlsresume.testkit.NodePair;
import io.tlsresume.testkit.OpenSslClient;
import io.tlsresume.testkit.TestNodes;
import java.io.IOException;
import java.nio.file.Path;

/**
 * Two nodes of the real Tomcat distribution, A and B, each a {@link CatalinaProcess} of one
 * cluster, and the checks every engine's distribution test makes on them: a session made on A
 * resumes on B, and {@code catalina.sh stop} ends both JVMs.
 */
public final class CatalinaPair extends NodePair<CatalinaProcess> {

    /** The handshake on A and the one on B that resumed A's session. */
    public record Handshakes(OpenSslClient.Result onA, OpenSslClient.Result onB) {
    }

    /** Lays out and starts both nodes under {@code it.work}, with docs/tomcat.md's server.xml. */
    public CatalinaPair() {
        this(null, null);
    }

    /**
     * Lays out and starts both nodes under {@code it.work}.
     *
     * @param connectorPage the page of {@code docs/} whose {@code <Connector>} replaces the main
     *     server.xml's (see {@link CatalinaProcess}), or {@code null}
     * @param connectorHeading the heading of that page the {@code <Connector>} is under
     */
    public CatalinaPair(String connectorPage, String connectorHeading) {
        this(connectorPage, connectorHeading, java.util.Map.of());
    }

    /**
     * As above, with {@code files} (path under {@code $CATALINA_BASE} to the file to copy there)
     * added to each node, e.g. the certificates that Connector names.
     */
    public CatalinaPair(String connectorPage, String connectorHeading,
            java.util.Map<String, Path> files) {
        super(new TestNodes(2), (nodes, index) -> {
            CatalinaProcess node = new CatalinaProcess(Path.of(System.getProperty("it.work")),
                    nodes.properties(index), connectorPage, connectorHeading, files);
            try {
                return node.start();
            } catch (IOException | InterruptedException | RuntimeException | Error e) {
                node.close();
                throw e;
            }
        });
    }

    /**
     * Asserts that {@code openssl s_client} with {@code protocol} (e.g. {@code tls1_3}) and
     * {@code extra} options does a full handshake on A, served by A's webapp, and that its saved
     * session then resumes on B.
     */
    public Handshakes assertSessionFromAResumesOnB(String protocol, String... extra)
            throws IOException, InterruptedException {
        Path session = OpenSslClient.sessionFile();
        OpenSslClient.Result first = OpenSslClient.connect(a.port(), protocol, null,
                session, extra);
        assertFalse(first.reused(), first.output());
        assertTrue(first.output().contains("X-TLS-Node: " + nodeId(0)), first.output());
        assertTrue(first.output().contains("hello from tomcat"), first.output());

        OpenSslClient.Result second = OpenSslClient.connect(b.port(), protocol, session,
                null, extra);
        assertTrue(second.reused(), protocol + ":\n" + second.output() + "\nB's log:\n"
                + b.output());
        assertTrue(second.output().contains("X-TLS-Node: " + nodeId(1)), second.output());
        return new Handshakes(first, second);
    }

    /** Asserts that {@code catalina.sh stop} ends A's JVM, then B's, each within a minute. */
    public void assertBothStop() throws IOException, InterruptedException {
        assertTrue(a.stop(), "A's JVM still runs a minute after catalina.sh stop:\n"
                + a.output());
        assertTrue(b.stop(), "B's JVM still runs a minute after catalina.sh stop:\n"
                + b.output());
    }

}
