package io.tlsresume.openssl;

import io.tlsresume.core.ResumptionNode;
import io.tlsresume.testkit.NodePair;
import io.tlsresume.tomcat.EmbeddedTomcat;
import io.tlsresume.tomcat.TomcatPair;
import java.util.Map;

/** {@link StoreFaultCases} on two embedded Tomcats. */
class StoreFaultsTest extends StoreFaultCases {

    @Override
    protected NodePair<?> startPair() {
        return new TomcatPair(Map.of("engine", "openssl"));
    }

    @Override
    protected ResumptionNode node(NodePair<?> pair, int index) {
        return ((EmbeddedTomcat) pair.node(index)).listener.getNode();
    }
}
