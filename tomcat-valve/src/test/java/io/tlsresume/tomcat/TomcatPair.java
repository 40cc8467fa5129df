package io.tlsresume.tomcat;

import io.tlsresume.testkit.TestNodes;
import java.util.LinkedHashMap;
import java.util.Map;

/** Two embedded Tomcat nodes, A and B, of one real Hazelcast cluster. */
public final class TomcatPair implements AutoCloseable {
    public final TestNodes nodes = new TestNodes(2);
    public final EmbeddedTomcat a;
    public final EmbeddedTomcat b;

    TomcatPair() {
        this(Map.of());
    }

    /**
     * Two nodes whose listeners also carry {@code attributes} (e.g. engine="openssl"), returned
     * once their cluster has settled (see {@link EmbeddedTomcat#awaitClusterSafe()}).
     */
    public TomcatPair(Map<String, String> attributes) {
        a = new EmbeddedTomcat(with(nodes.properties(0), attributes)).start();
        EmbeddedTomcat started = null;
        try {
            started = new EmbeddedTomcat(with(nodes.properties(1), attributes)).start();
            started.awaitClusterSafe();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        } finally {
            if (started == null) {
                a.close();
            }
        }
        b = started;
    }

    private static Map<String, String> with(Map<String, String> base,
            Map<String, String> extra) {
        Map<String, String> all = new LinkedHashMap<>(base);
        all.putAll(extra);
        return all;
    }

    /** The node id of A (0) or B (1). */
    public String nodeId(int index) {
        return nodes.properties(index).get("nodeId");
    }

    @Override
    public void close() {
        try {
            a.close();
        } finally {
            b.close();
        }
    }
}
