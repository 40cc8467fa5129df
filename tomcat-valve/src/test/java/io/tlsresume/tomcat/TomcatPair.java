package io.tlsresume.tomcat;

import io.tlsresume.testkit.NodePair;
import java.util.List;
import java.util.Map;
import java.util.function.IntFunction;
import org.apache.tomcat.util.net.SSLHostConfig;

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
        this(attributes, index -> List.of(EmbeddedTomcat.defaultHostConfig()));
    }

    /**
     * Two nodes whose connectors have the host configs {@code hostConfigs} makes for each node
     * index (0 is A; each node needs its own objects), the first being the default.
     */
    public TomcatPair(Map<String, String> attributes,
            IntFunction<List<SSLHostConfig>> hostConfigs) {
        super(new io.tlsresume.testkit.TestNodes(2), (nodes, index) -> {
            EmbeddedTomcat node = EmbeddedTomcat.start(nodes, index, attributes,
                    hostConfigs.apply(index));
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
