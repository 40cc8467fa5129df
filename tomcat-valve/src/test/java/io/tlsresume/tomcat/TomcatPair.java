package io.tlsresume.tomcat;

import io.tlsresume.testkit.TestNodes;

/** Two embedded Tomcat nodes, A and B, of one real Hazelcast cluster. */
final class TomcatPair implements AutoCloseable {
    final TestNodes nodes = new TestNodes(2);
    final EmbeddedTomcat a;
    final EmbeddedTomcat b;

    TomcatPair() {
        a = new EmbeddedTomcat(nodes.properties(0)).start();
        EmbeddedTomcat started = null;
        try {
            started = new EmbeddedTomcat(nodes.properties(1)).start();
        } finally {
            if (started == null) {
                a.close();
            }
        }
        b = started;
    }

    /** The node id of A (0) or B (1). */
    String nodeId(int index) {
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
