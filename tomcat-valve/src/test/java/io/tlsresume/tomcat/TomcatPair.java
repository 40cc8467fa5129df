package io.tlsresume.tomcat;

import io.tlsresume.testkit.NodePair;
import java.util.Map;

/** Two embedded Tomcat nodes, A and B, of one real Hazelcast cluster. */
public final class TomcatPair extends NodePair<EmbeddedTomcat> {

    TomcatPair() {
        this(Map.of());
    }

    /**
     * Two nodes whose listeners also carry {@code attributes} (e.g. engine="openssl"), returned
     * once their cluster has settled (see {@link EmbeddedTomcat#awaitClusterSafe()}).
     */
    public TomcatPair(Map<String, String> attributes) {
        super(new io.tlsresume.testkit.TestNodes(2), (nodes, index) -> {
            EmbeddedTomcat node = EmbeddedTomcat.start(nodes, index, attributes);
            if (index == 1) {
                try {
                    node.awaitClusterSafe();
                } catch (InterruptedException | RuntimeException e) {
                    node.close();
                    throw e;
                }
            }
            return node;
        });
    }
}
