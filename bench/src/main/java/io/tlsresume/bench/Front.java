package io.tlsresume.bench;

import io.tlsresume.testkit.HaproxyBalancer;
import io.tlsresume.testkit.RoundRobinBalancer;
import java.util.List;

/**
 * The layer-4 round-robin balancer in front of the nodes for item 3: HAProxy ({@code mode
 * tcp}) when it is installed, as in production, else the test kit's Java balancer, whose
 * thread-per-connection forwarding costs more of the shared cores (the report says which).
 */
final class Front implements AutoCloseable {
    static final boolean HAPROXY = HaproxyBalancer.available();

    private final HaproxyBalancer haproxy;
    private final RoundRobinBalancer java;

    private Front(HaproxyBalancer haproxy, RoundRobinBalancer java) {
        this.haproxy = haproxy;
        this.java = java;
    }

    /** A balancer of its own, strictly alternating over {@code backendPorts}. */
    static Front over(List<Integer> backendPorts) throws Exception {
        return HAPROXY ? new Front(new HaproxyBalancer(backendPorts), null)
                : new Front(null, new RoundRobinBalancer(backendPorts));
    }

    static String description() {
        return HAPROXY ? "HAProxy (mode tcp, balance roundrobin)"
                : "the test kit's Java RoundRobinBalancer (haproxy is not installed)";
    }

    int port() {
        return haproxy != null ? haproxy.port() : java.port();
    }

    @Override
    public void close() throws InterruptedException {
        if (haproxy != null) {
            haproxy.close();
        } else {
            java.close();
        }
    }
}
