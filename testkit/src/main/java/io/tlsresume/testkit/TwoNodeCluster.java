package io.tlsresume.testkit;

import io.tlsresume.core.ResumptionNode;
import io.tlsresume.core.Settings;
import java.util.List;
import java.util.function.Consumer;

/**
 * Two {@link ResumptionNode}s of one real Hazelcast cluster, each serving TLS through a
 * {@link NettyTestServer} ("A" and "B"): the core tests' standard cluster, a {@link NodePair}.
 */
public final class TwoNodeCluster extends NodePair<TwoNodeCluster.Member> {
    public final ResumptionNode nodeA;
    public final ResumptionNode nodeB;
    public final NettyTestServer serverA;
    public final NettyTestServer serverB;

    private TwoNodeCluster(TestNodes nodes, Consumer<Settings.Builder> customizer) {
        super(nodes, (n, index) -> Member.start(index == 0 ? "A" : "B",
                n.settings(index, customizer)));
        this.nodeA = a.node();
        this.nodeB = b.node();
        this.serverA = a.server();
        this.serverB = b.server();
    }

    /** Starts both nodes with {@code customizer} applied to each node's settings. */
    public static TwoNodeCluster start(Consumer<Settings.Builder> customizer)
            throws InterruptedException {
        TestNodes nodes = new TestNodes(2);
        return new TwoNodeCluster(nodes, customizer);
    }

    /** One node and the Netty server in front of it; its node id is the server's label. */
    public record Member(String nodeId, ResumptionNode node, NettyTestServer server)
            implements NodePair.Node {
        static Member start(String label, Settings settings) throws InterruptedException {
            ResumptionNode node = ResumptionNode.start(settings);
            try {
                return new Member(label, node, new NettyTestServer(label,
                        node.newServerContext(List.of())));
            } catch (InterruptedException | RuntimeException | Error e) {
                node.close();
                throw e;
            }
        }

        @Override
        public int port() {
            return server.port();
        }

        @Override
        public void close() {
            try {
                server.close();
            } finally {
                node.close();
            }
        }
    }
}
