package io.tlsresume.testkit;

import io.tlsresume.core.ResumptionNode;
import io.tlsresume.core.Settings;
import java.util.ArrayList;
import java.util.List;
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

    /** Settings for node {@code index} (named "node" + index), then {@code customizer}. */
    public Settings settings(int index, Consumer<Settings.Builder> customizer) {
        Settings.Builder b = Settings.builder()
                .set("nodeId", "node" + index + "-" + clusterName.substring(5, 13))
                .set("cluster.name", clusterName)
                .set("cluster.members", members())
                .set("cluster.port", String.valueOf(ports.get(index)))
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
