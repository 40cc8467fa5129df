package io.tlsresume.jetty;

import io.tlsresume.testkit.RoundRobinBalancer;
import io.tlsresume.testkit.TestNodes;
import java.util.List;

/** Two {@link JettyNode}s sharing one real two-member Hazelcast cluster. */
final class TwoJettyNodes implements AutoCloseable {
    final JettyNode a;
    final JettyNode b;

    TwoJettyNodes() throws Exception {
        TestNodes nodes = new TestNodes(2);
        a = JettyNode.start(nodes, 0);
        try {
            b = JettyNode.start(nodes, 1);
        } catch (Exception | Error e) {
            a.close();
            throw e;
        }
    }

    /** A new round-robin balancer whose first connection goes to {@link #a}. */
    RoundRobinBalancer balancer() {
        return new RoundRobinBalancer(List.of(a.port(), b.port()));
    }

    @Override
    public void close() throws Exception {
        try {
            a.close();
        } finally {
            b.close();
        }
    }
}
