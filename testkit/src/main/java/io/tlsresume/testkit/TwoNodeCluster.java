package io.tlsresume.testkit;

import io.tlsresume.core.ResumptionNode;
import io.tlsresume.core.Settings;
import java.util.List;
import java.util.function.Consumer;

/**
 * Two {@link ResumptionNode}s of one real Hazelcast cluster, each serving TLS through a
 * {@link NettyTestServer} ("A" and "B"): the core tests' standard cluster.
 */
public final class TwoNodeCluster implements AutoCloseable {
    public final ResumptionNode nodeA;
    public final ResumptionNode nodeB;
    public final NettyTestServer serverA;
    public final NettyTestServer serverB;

    private TwoNodeCluster(ResumptionNode nodeA, ResumptionNode nodeB) throws InterruptedException {
        this.nodeA = nodeA;
        this.nodeB = nodeB;
        this.serverA = new NettyTestServer("A", nodeA.newServerContext(List.of()));
        this.serverB = new NettyTestServer("B", nodeB.newServerContext(List.of()));
    }

    /** Starts both nodes with {@code customizer} applied to each node's settings. */
    public static TwoNodeCluster start(Consumer<Settings.Builder> customizer)
            throws InterruptedException {
        TestNodes nodes = new TestNodes(2);
        return new TwoNodeCluster(ResumptionNode.start(nodes.settings(0, customizer)),
                ResumptionNode.start(nodes.settings(1, customizer)));
    }

    @Override
    public void close() {
        serverA.close();
        serverB.close();
        nodeA.close();
        nodeB.close();
    }
}
