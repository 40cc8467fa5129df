package io.tlsresume.demo;

import io.tlsresume.testkit.HaproxyBalancer;
import io.tlsresume.testkit.Ports;
import io.tlsresume.testkit.RoundRobinBalancer;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;

/**
 * Jetty and Tomcat nodes on 127.0.0.1 with embedded Hazelcast members and a round-robin layer-4
 * balancer in front: in-process ({@link RoundRobinBalancer}) or HAProxy. With {@code shared} off
 * every node keeps its own ring ({@code cluster.mode=none}): the baseline.
 */
final class DemoCluster implements AutoCloseable {
    /** Which balancer to put in front. */
    enum BalancerKind { INTERNAL, HAPROXY }

    private final List<DemoNode> nodes;
    private final AutoCloseable balancer;
    private final int balancerPort;
    private final java.util.concurrent.atomic.AtomicBoolean closed =
            new java.util.concurrent.atomic.AtomicBoolean();

    private DemoCluster(List<DemoNode> nodes, AutoCloseable balancer, int balancerPort) {
        this.nodes = nodes;
        this.balancer = balancer;
        this.balancerPort = balancerPort;
    }

    /**
     * Starts {@code jetty} Jetty nodes then {@code tomcat} Tomcat nodes and the balancer.
     *
     * @param extraSettings more tlsresume settings for every node (e.g. rotationInterval)
     */
    static DemoCluster start(Path keyStore, String password, int jetty, int tomcat,
            boolean shared, BalancerKind kind, Map<String, String> extraSettings)
            throws Exception {
        int count = jetty + tomcat;
        List<Integer> memberPorts = new ArrayList<>();
        for (int i = 0; i < count; i++) {
            memberPorts.add(Ports.free());
        }
        String members = String.join(",", memberPorts.stream()
                .map(p -> "127.0.0.1:" + p).toList());
        String clusterName = "tlsresume-demo-" + UUID.randomUUID();
        List<DemoNode> nodes = new ArrayList<>();
        try {
            for (int i = 0; i < count; i++) {
                Map<String, String> settings = new LinkedHashMap<>();
                settings.put("cluster.mode", shared ? "member" : "none");
                settings.put("cluster.name", clusterName);
                settings.put("cluster.members", members);
                settings.put("cluster.port", String.valueOf(memberPorts.get(i)));
                settings.putAll(extraSettings);
                nodes.add(i < jetty
                        ? new JettyDemoNode("jetty-" + (i + 1), keyStore, password, settings)
                        : new TomcatDemoNode("tomcat-" + (i - jetty + 1), keyStore, password,
                                settings));
            }
            List<Integer> ports = nodes.stream().map(DemoNode::port).toList();
            if (kind == BalancerKind.HAPROXY) {
                HaproxyBalancer haproxy = new HaproxyBalancer(ports);
                return new DemoCluster(nodes, haproxy, haproxy.port());
            }
            RoundRobinBalancer internal = new RoundRobinBalancer(ports);
            return new DemoCluster(nodes, internal, internal.port());
        } catch (Exception | Error e) {
            for (DemoNode node : nodes) {
                node.close();
            }
            throw e;
        }
    }

    List<DemoNode> nodes() {
        return nodes;
    }

    int balancerPort() {
        return balancerPort;
    }

    String describe() {
        return String.join(", ", nodes.stream()
                .map(n -> n.name() + " (" + n.kind() + ") 127.0.0.1:" + n.port()).toList());
    }

    /** Stops the balancer and the nodes; later calls do nothing (Ctrl-C and the normal end). */
    @Override
    public void close() throws Exception {
        if (!closed.compareAndSet(false, true)) {
            return;
        }
        balancer.close();
        for (DemoNode node : nodes) {
            node.close();
        }
    }

}
