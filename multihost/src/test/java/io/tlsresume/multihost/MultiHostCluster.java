package io.tlsresume.multihost;

import io.tlsresume.testkit.HaproxyBalancer;
import io.tlsresume.testkit.hosts.Host;
import io.tlsresume.testkit.hosts.HostedNode;
import io.tlsresume.testkit.hosts.NetworkHosts;
import io.tlsresume.testkit.hosts.ReconnectingLoad;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeSet;
import java.util.stream.Collectors;

/**
 * N network hosts, a {@link HostedNode} on each configured as docs/operations.md ("Several
 * hosts") tells a multi-host user ({@link #multiHostSettings}), and HAProxy ({@code mode tcp},
 * {@code balance roundrobin}, health checks) on the gateway address in front of them. Nodes are
 * indexed 0..N-1 (on hosts h1..hN); each can be stopped, killed and started again, with other
 * environment if needed, while the balancer's backends stay the same. Server-side counters of
 * nodes that stopped are kept, so {@link #serverCounts()} covers the whole run.
 */
public final class MultiHostCluster implements AutoCloseable {
    /** Hazelcast member port on every host (the default; each host has its own stack). */
    public static final int MEMBER_PORT = 5701;

    private final NetworkHosts hosts;
    private final List<List<String>> settings = new ArrayList<>();
    private final List<Map<String, String>> env = new ArrayList<>();
    private final List<HostedNode> nodes = new ArrayList<>();
    private final Map<String, Long> retiredCounts = new HashMap<>();
    /** Logs of node processes that were replaced by a restart (for failure reports). */
    private final StringBuilder retiredLogs = new StringBuilder();
    private final HaproxyBalancer balancer;

    private MultiHostCluster(Builder b) throws IOException, InterruptedException {
        hosts = NetworkHosts.create(b.count);
        try {
            List<Host> all = hosts.hosts();
            for (HostsStep step : b.beforeNodes) {
                step.accept(hosts);
            }
            for (int i = 0; i < b.count; i++) {
                Host self = all.get(i);
                List<String> s = new ArrayList<>(multiHostSettings(self.address(),
                        all.stream().filter(h -> h != self).map(Host::address).toList()));
                s.removeIf(setting -> b.without.contains(
                        setting.substring(0, setting.indexOf('='))));
                s.addAll(b.common);
                s.addAll(b.perNode.getOrDefault(i, List.of()));
                settings.add(s);
                env.add(new HashMap<>(b.env.getOrDefault(i, Map.of())));
                nodes.add(null);
            }
            for (int i = 0; i < b.count; i++) {
                startNode(i);
            }
            balancer = new HaproxyBalancer(hosts.gatewayAddress(),
                    all.stream().map(h -> h.address() + ":" + HostedNode.TLS_PORT).toList(), true);
        } catch (IOException | InterruptedException | RuntimeException e) {
            close();
            throw e;
        }
    }

    /**
     * The settings docs/operations.md ("Several hosts") gives a node on a host whose private
     * address is {@code self}, with the other nodes' hosts at {@code others}: the member binds and
     * advertises its own address and lists the others' members.
     */
    public static List<String> multiHostSettings(String self, List<String> others) {
        return List.of(
                "cluster.name=tlsresume",
                "cluster.interface=" + self,
                "cluster.port=" + MEMBER_PORT,
                "cluster.members=" + others.stream().map(a -> a + ":" + MEMBER_PORT)
                        .collect(Collectors.joining(",")));
    }

    /** A cluster of {@code count} nodes with the docs' settings only. */
    public static MultiHostCluster start(int count) throws IOException, InterruptedException {
        return builder(count).start();
    }

    /** Settings and environment beyond the docs' before {@link Builder#start()}. */
    public static Builder builder(int count) {
        return new Builder(count);
    }

    /** Something done to the hosts before the nodes start. */
    @FunctionalInterface
    public interface HostsStep {
        void accept(NetworkHosts hosts) throws IOException, InterruptedException;
    }

    /** What {@link #builder} configures. */
    public static final class Builder {
        private final int count;
        private final List<String> common = new ArrayList<>();
        private final Map<Integer, List<String>> perNode = new HashMap<>();
        private final Map<Integer, Map<String, String>> env = new HashMap<>();
        private final List<String> without = new ArrayList<>();
        private final List<HostsStep> beforeNodes = new ArrayList<>();

        private Builder(int count) {
            this.count = count;
        }

        /** More {@code name=value} settings for every node (e.g. {@code rotationInterval=20s}). */
        public Builder settings(String... more) {
            common.addAll(List.of(more));
            return this;
        }

        /**
         * Leaves out these settings of {@link #multiHostSettings} (e.g. {@code cluster.members}
         * for a discovery mechanism that replaces the list).
         */
        public Builder withoutDocSettings(String... names) {
            without.addAll(List.of(names));
            return this;
        }

        /**
         * Runs {@code step} once the hosts exist, before any node starts (e.g. start a DNS server
         * on the gateway and point the hosts at it with {@link Host#useNameServer}).
         */
        public Builder beforeNodes(HostsStep step) {
            beforeNodes.add(step);
            return this;
        }

        /** More settings for node {@code index} only. */
        public Builder settings(int index, String... more) {
            perNode.computeIfAbsent(index, i -> new ArrayList<>()).addAll(List.of(more));
            return this;
        }

        /** Extra environment for node {@code index} (e.g. {@code LD_PRELOAD}, {@code FAKETIME}). */
        public Builder env(int index, Map<String, String> more) {
            env.computeIfAbsent(index, i -> new HashMap<>()).putAll(more);
            return this;
        }

        /** Makes the hosts, starts every node in turn (each until READY), then HAProxy. */
        public MultiHostCluster start() throws IOException, InterruptedException {
            return new MultiHostCluster(this);
        }
    }

    /** The network hosts (h1..hN). */
    public NetworkHosts hosts() {
        return hosts;
    }

    /** Host of node {@code index}. */
    public Host host(int index) {
        return hosts.hosts().get(index);
    }

    /** How many nodes (running or not). */
    public int size() {
        return nodes.size();
    }

    /** Node {@code index} as last started (it may have stopped since). */
    public HostedNode node(int index) {
        return nodes.get(index);
    }

    /** The nodes whose JVM runs. */
    public List<HostedNode> running() {
        return nodes.stream().filter(n -> n != null && n.isAlive()).toList();
    }

    /** The settings node {@code index} starts with. */
    public List<String> settings(int index) {
        return List.copyOf(settings.get(index));
    }

    /** HAProxy in front of every node's TLS port. */
    public HaproxyBalancer balancer() {
        return balancer;
    }

    /** {@code clients} clients reconnecting through the balancer. */
    public ReconnectingLoad load(ReconnectingLoad.Mode mode, int clients) {
        return ReconnectingLoad.start(balancer.address(), balancer.port(), mode, clients);
    }

    /** Starts node {@code index} with its settings and environment, waits until READY. */
    public HostedNode startNode(int index) {
        HostedNode previous = nodes.get(index);
        if (previous != null && previous.isAlive()) {
            throw new IllegalStateException("node " + index + " still runs");
        }
        if (previous != null) {
            retiredLogs.append("==== ").append(previous).append(" (before its restart)\n")
                    .append(previous.log());
            previous.close();
        }
        long start = System.nanoTime();
        HostedNode node = HostedNode.start(host(index), settings.get(index), env.get(index));
        nodes.set(index, node);
        timing(host(index).name() + " ready", start);
        if (balancer != null) {
            try {
                balancer.ready(index); // back into rotation after stopNode's drain
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }
        return node;
    }

    /** Starts node {@code index} with {@code newEnv} instead of its environment so far. */
    public HostedNode startNode(int index, Map<String, String> newEnv) {
        env.set(index, new HashMap<>(newEnv));
        return startNode(index);
    }

    /**
     * Starts node {@code index} with {@code newSettings} (all of them, replacing what it had) and
     * {@code newEnv} from now on.
     */
    public HostedNode startNode(int index, List<String> newSettings,
            Map<String, String> newEnv) {
        settings.set(index, new ArrayList<>(newSettings));
        return startNode(index, newEnv);
    }

    /**
     * Stops node {@code index} as docs/operations.md tells an operator to: out of the balancer's
     * rotation first ({@link HaproxyBalancer#drain}), then a graceful stop once the connections
     * under way ended (its counters are kept for {@link #serverCounts}). Without the drain, a
     * connection HAProxy hands the node in the instant its port closes is reset.
     */
    public void stopNode(int index) {
        HostedNode node = nodes.get(index);
        long start = System.nanoTime();
        try {
            if (!balancer.drain(index, Duration.ofSeconds(10))) {
                timing(host(index).name() + " still had connections after the drain", start);
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        retire(node);
        node.stop();
        timing(host(index).name() + " stopped", start);
    }

    /** {@code kill -9} of node {@code index}; counters read just before are kept. */
    public void killNode(int index) {
        HostedNode node = nodes.get(index);
        retire(node);
        node.kill();
    }

    /** Stop, start (with the same environment), wait until READY. */
    public HostedNode restartNode(int index) {
        stopNode(index);
        return startNode(index);
    }

    /** Stop, start with {@code newEnv}, wait until READY. */
    public HostedNode restartNode(int index, Map<String, String> newEnv) {
        stopNode(index);
        return startNode(index, newEnv);
    }

    private void retire(HostedNode node) {
        if (node.isAlive()) {
            node.metrics().forEach((k, v) -> retiredCounts.merge(k, v, Long::sum));
        }
    }

    /** Each running node's current ticket-key fingerprint, by host name. */
    public Map<String, String> fingerprints() {
        Map<String, String> out = new LinkedHashMap<>();
        for (HostedNode n : running()) {
            out.put(n.host().name(), n.currentKeyFingerprint());
        }
        return out;
    }

    /**
     * Waits until every running node encrypts under the same key and sees all running members;
     * returns that fingerprint.
     *
     * @throws AssertionError naming each node's fingerprint if they do not agree within
     *     {@code timeout}
     */
    public String awaitOneRing(Duration timeout) throws InterruptedException {
        long deadline = System.nanoTime() + timeout.toNanos();
        Map<String, String> last = Map.of();
        Map<String, Long> members = Map.of();
        while (true) {
            last = fingerprints();
            members = new LinkedHashMap<>();
            int expected = running().size();
            boolean allSee = true;
            for (HostedNode n : running()) {
                long m = n.metrics().getOrDefault("ClusterMembers", -1L);
                members.put(n.host().name(), m);
                allSee &= m == expected;
            }
            if (allSee && new TreeSet<>(last.values()).size() == 1
                    && !last.containsValue("-")) {
                timing("one ring " + last.values().iterator().next(),
                        deadline - timeout.toNanos());
                return last.values().iterator().next();
            }
            if (System.nanoTime() > deadline) {
                throw new AssertionError("no single ring within " + timeout + ": fingerprints "
                        + last + ", members seen " + members);
            }
            Thread.sleep(200);
        }
    }

    /**
     * Waits until node {@code index} has completed handshakes since it started (under load: the
     * balancer sends it traffic again).
     */
    public void awaitServing(int index, Duration timeout) throws InterruptedException {
        long deadline = System.nanoTime() + timeout.toNanos();
        HostedNode node = nodes.get(index);
        while (true) {
            Map<String, Long> m = node.metrics();
            if (m.getOrDefault("FullHandshakes", 0L) + m.getOrDefault("ResumedHandshakes", 0L)
                    > 0) {
                timing(node.host().name() + " serving", deadline - timeout.toNanos());
                return;
            }
            if (System.nanoTime() > deadline) {
                throw new AssertionError(node + " got no traffic within " + timeout + ":\n"
                        + balancer.log());
            }
            Thread.sleep(100);
        }
    }

    /**
     * The node counters (JMX attribute names) summed over every node of this cluster: running
     * nodes now, plus stopped and killed ones as last read.
     */
    public Map<String, Long> serverCounts() {
        Map<String, Long> sum = new HashMap<>(retiredCounts);
        for (HostedNode n : running()) {
            n.metrics().forEach((k, v) -> sum.merge(k, v, Long::sum));
        }
        return sum;
    }

    /** One line on stdout: how long a step took (to see where a scenario spends its time). */
    private static void timing(String what, long startNanos) {
        System.out.printf(java.util.Locale.ROOT, "[multihost] %s %s after %.1f s%n",
                java.time.LocalTime.now(java.time.ZoneOffset.UTC), what,
                (System.nanoTime() - startNanos) / 1e9);
    }

    /**
     * The child logs of every node, earlier runs of restarted nodes first, and HAProxy's (for
     * failure messages and {@link KeepLogsOnFailure}).
     */
    public String logs() {
        StringBuilder out = new StringBuilder(retiredLogs);
        for (HostedNode n : nodes) {
            if (n != null) {
                out.append("==== ").append(n.host()).append('\n').append(n.log());
            }
        }
        if (balancer != null) {
            out.append("==== haproxy\n").append(balancer.log());
        }
        return out.toString();
    }

    /** Stops HAProxy, kills every node still running, removes the hosts. */
    @Override
    public void close() {
        try {
            if (balancer != null) {
                balancer.close();
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        for (HostedNode n : nodes) {
            if (n != null) {
                n.close();
            }
        }
        hosts.close();
    }
}
