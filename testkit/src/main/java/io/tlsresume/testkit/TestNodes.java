package io.tlsresume.testkit;

import io.tlsresume.core.ResumptionNode;
import io.tlsresume.core.Settings;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.function.Consumer;

/**
 * Settings for a few nodes of one real Hazelcast cluster on 127.0.0.1, each with its own free
 * port and a cluster name unique to the test so parallel or leftover clusters never mix.
 */
public final class TestNodes {
    private final String clusterName = "test-" + UUID.randomUUID();
    private final List<Integer> ports = new ArrayList<>();

    public TestNodes(int count) {
        for (int i = 0; i < count; i++) {
            ports.add(Ports.free());
        }
    }

    public String clusterName() {
        return clusterName;
    }

    public String members() {
        return String.join(",", ports.stream().map(p -> "127.0.0.1:" + p).toList());
    }

    public int clusterPort(int index) {
        return ports.get(index);
    }

    /**
     * The cluster settings of node {@code index} (named "node" + index) by setting name, as a
     * server's configuration would carry them (Tomcat attributes, Jetty properties).
     */
    public Map<String, String> properties(int index) {
        Map<String, String> p = new LinkedHashMap<>();
        p.put("nodeId", "node" + index + "-" + clusterName.substring(5, 13));
        p.put("cluster.name", clusterName);
        p.put("cluster.members", members());
        p.put("cluster.port", String.valueOf(ports.get(index)));
        return p;
    }

    /** Settings for node {@code index} (named "node" + index), then {@code customizer}. */
    public Settings settings(int index, Consumer<Settings.Builder> customizer) {
        Settings.Builder b = Settings.builder()
                .setAll(properties(index))
                .keySource(TestCertificates.get().keySource());
        customizer.accept(b);
        return b.build();
    }

    public Settings settings(int index) {
        return settings(index, b -> { });
    }

    public ResumptionNode start(int index) {
        return ResumptionNode.start(settings(index));
    }
}
