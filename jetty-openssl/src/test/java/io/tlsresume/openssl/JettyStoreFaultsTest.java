package io.tlsresume.openssl;

import io.tlsresume.core.ResumptionNode;
import io.tlsresume.testkit.NodePair;
import java.util.Map;

/** {@link StoreFaultCases} (frozen, failing and corrupting store) on two Jetty nodes. */
class JettyStoreFaultsTest extends StoreFaultCases {

    /**
     * The callbacks and store code under the faults are the Tomcat nodes' own (1,000 handshakes
     * in {@code StoreFaultsTest}); here 400 show Jetty's side survives them, within the CI
     * budget.
     */
    @Override
    protected int faultHandshakesPerClient() {
        return 200;
    }

    @Override
    protected NodePair<?> startPair() {
        NodePair<JettyOpenSslNode> pair = NodePair.start((nodes, index) ->
                JettyOpenSslNode.start(nodes, index, Map.of()));
        try {
            pair.b.awaitClusterSafe();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            pair.close();
            throw new IllegalStateException(e);
        }
        return pair;
    }

    @Override
    protected ResumptionNode node(NodePair<?> pair, int index) {
        return ((JettyOpenSslNode) pair.node(index)).node();
    }
}
