package io.tlsresume.bench;

import com.hazelcast.client.impl.clientside.HazelcastClientProxy;
import com.hazelcast.client.impl.connection.ClientConnection;
import com.hazelcast.client.impl.connection.tcp.TcpClientConnection;
import com.hazelcast.core.HazelcastInstance;
import com.hazelcast.internal.networking.Channel;
import io.tlsresume.core.ResumptionNode;
import io.tlsresume.core.Settings;
import io.tlsresume.core.cluster.HazelcastInstances;
import io.tlsresume.core.ring.RingKey;
import io.tlsresume.testkit.NettyTestServer;
import io.tlsresume.testkit.ResumptionProbe;
import io.tlsresume.testkit.RoundRobinBalancer;
import io.tlsresume.testkit.TestCertificates;
import io.tlsresume.testkit.TestNodes;
import java.lang.management.ManagementFactory;
import java.lang.management.ThreadInfo;
import java.lang.management.ThreadMXBean;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import javax.net.ssl.SSLContext;

/**
 * Item 8 (issue 16 item 4): a large fleet in client mode. {@code members} plain Hazelcast
 * members form the store cluster (started as {@link HazelcastInstances#startMember} starts a
 * node's member, with the ring maps' configuration, but without a rotator or a TLS server), and
 * {@code nodes} application nodes join it with {@code cluster.mode=client}, each with sealing
 * on, its own rotator and a TLS server, all in this JVM. Measured: each node's start, its
 * Hazelcast traffic (bytes its client connections read and wrote) and CPU (its client's and the
 * rotators' threads) per rotator tick, its threads and heap; the time until every node holds a
 * key one node created; resumption across all nodes (JDK client, round robin, counted by the
 * client and by the nodes); and all of that again after one store member is killed.
 */
final class FleetBench {
    static final String ITEM = "8-fleet";
    /** Short, so that a run sees several scheduled rotations: ticks every second. */
    static final Duration ROTATION = Duration.ofSeconds(10);
    /** The rotator's tick at that rotation (RotationSchedule: a tenth of it). */
    static final Duration TICK = ROTATION.dividedBy(10);
    /** How long a new key may take to reach every node before the bench records who lacks it. */
    static final Duration CONVERGENCE_DEADLINE = Duration.ofSeconds(30);

    /** How big and how long. */
    record Size(int members, int nodes, int steadyTicks, int rotations, int probesPerNode,
            int killWatchTicks, boolean embeddedToo) {
        static Size of(String mode) {
            return switch (mode) {
                case "smoke" -> new Size(3, 4, 3, 1, 3, 5, false);
                case "quick" -> new Size(3, 8, 5, 2, 5, 10, true);
                default -> new Size(3, 32, 20, 3, 5, 15, true);
            };
        }
    }

    private final Results results;
    private final Size size;
    private final ThreadMXBean threads = ManagementFactory.getThreadMXBean();
    /** The setup being measured: client mode, then (full and quick runs) embedded members. */
    private String setup;

    FleetBench(Results results, Size size) {
        this.results = results;
        this.size = size;
    }

    /**
     * Runs the whole item: client mode (start, steady state, a killed store member), then, but
     * for the smoke size, as many nodes as embedded members for comparison.
     */
    void run() throws Exception {
        clientMode();
        if (size.embeddedToo()) {
            embedded();
        }
    }

    private void clientMode() throws Exception {
        setup = size.nodes() + " client nodes, " + size.members() + " store members";
        TestNodes store = new TestNodes(size.members());
        List<HazelcastInstance> members = new ArrayList<>();
        List<ResumptionNode> nodes = new ArrayList<>();
        List<NettyTestServer> servers = new ArrayList<>();
        try {
            for (int i = 0; i < size.members(); i++) {
                String id = "store" + i;
                members.add(HazelcastInstances.startMember(store.settings(i, b -> b
                        .set("nodeId", id))));
            }
            startNodes(i -> Settings.builder()
                    .set("cluster.name", store.clusterName())
                    .set("cluster.mode", "client")
                    .set("cluster.members", store.members()), nodes, servers);
            SSLContext client = TestCertificates.get().clientContext("TLS");
            try (RoundRobinBalancer lb = new RoundRobinBalancer(servers.stream()
                    .map(NettyTestServer::port).toList())) {
                measure(client, lb.port(), nodes, members, "all members up");
                memberKilled(members.remove(0), nodes);
                measure(client, lb.port(), nodes, members, "one member killed");
            }
        } finally {
            servers.forEach(NettyTestServer::close);
            nodes.forEach(ResumptionNode::close);
            members.forEach(m -> m.getLifecycleService().terminate());
        }
    }

    /** The same number of nodes, each embedding a member, as cluster.mode=member runs. */
    private void embedded() throws Exception {
        setup = size.nodes() + " embedded members";
        TestNodes cluster = new TestNodes(size.nodes());
        List<ResumptionNode> nodes = new ArrayList<>();
        List<NettyTestServer> servers = new ArrayList<>();
        try {
            startNodes(i -> Settings.builder().setAll(cluster.properties(i)), nodes, servers);
            List<HazelcastInstance> members = nodes.stream()
                    .map(n -> n.hazelcast().orElseThrow()).toList();
            SSLContext client = TestCertificates.get().clientContext("TLS");
            try (RoundRobinBalancer lb = new RoundRobinBalancer(servers.stream()
                    .map(NettyTestServer::port).toList())) {
                measure(client, lb.port(), nodes, members, "all members up");
            }
        } finally {
            servers.forEach(NettyTestServer::close);
            // Members stopped at once first: one by one, each graceful shutdown would migrate
            // its partitions to the others (minutes for 32), which the bench does not measure.
            nodes.parallelStream().forEach(n -> n.hazelcast().orElseThrow()
                    .getLifecycleService().terminate());
            nodes.forEach(ResumptionNode::close);
        }
    }

    private void measure(SSLContext client, int port, List<ResumptionNode> nodes,
            List<HazelcastInstance> members, String variant) throws Exception {
        steady(nodes, members, variant);
        for (int r = 0; r < size.rotations() && convergence(nodes, variant, r); r++) {
            // a key that did not reach every node ends the phase's rotations: the next one
            // would measure the backlog, not a fresh key
        }
        resumption(client, port, nodes, variant);
    }

    /**
     * Starts the nodes four at a time (a fleet rolls out in parallel too), with a TLS server
     * each, and records start times and the threads and heap each node adds.
     */
    private void startNodes(java.util.function.IntFunction<Settings.Builder> cluster,
            List<ResumptionNode> nodes, List<NettyTestServer> servers) throws Exception {
        long heapBefore = usedHeapAfterGc();
        int threadsBefore = threads.getThreadCount();
        ExecutorService starter = Executors.newFixedThreadPool(4);
        try {
            List<Future<ResumptionNode>> started = new ArrayList<>();
            for (int i = 0; i < size.nodes(); i++) {
                int index = i;
                started.add(starter.submit(() -> {
                    Settings settings = cluster.apply(index)
                            .set("nodeId", "app" + index)
                            .set("rotationInterval", ROTATION.toSeconds() + "s")
                            .set("ticketLifetime", "60s")
                            .keySource(TestCertificates.get().keySource())
                            .build();
                    long t0 = System.nanoTime();
                    ResumptionNode node = ResumptionNode.start(settings);
                    results.add(ITEM, setup, "node start", index, "start_ms",
                            (System.nanoTime() - t0) / 1e6, "ms");
                    return node;
                }));
            }
            for (Future<ResumptionNode> f : started) {
                nodes.add(f.get());
            }
        } finally {
            starter.shutdown();
        }
        for (ResumptionNode node : nodes) {
            servers.add(new NettyTestServer(node.settings().nodeId(),
                    node.newServerContext(List.of())));
        }
        results.add(ITEM, setup, "per node", 0, "heap_bytes",
                (usedHeapAfterGc() - heapBefore) / (double) size.nodes(), "B");
        results.add(ITEM, setup, "per node", 0, "threads",
                (threads.getThreadCount() - threadsBefore) / (double) size.nodes(), "count");
        Bench.log(ITEM + " " + setup + ": started");
    }

    /**
     * Per node and tick over {@code steadyTicks} ticks with no load: bytes the node's Hazelcast
     * connections read and wrote (a client's to the members; an embedded member's to the other
     * members), CPU of the nodes' Hazelcast and rotator threads; per store member and tick its
     * member-to-member bytes and CPU (client mode).
     */
    private void steady(List<ResumptionNode> nodes, List<HazelcastInstance> members,
            String variant) throws InterruptedException {
        boolean clients = nodes.get(0).hazelcast().orElseThrow() instanceof HazelcastClientProxy;
        long[] bytesBefore = clients ? clientBytes(nodes) : memberBytes(members);
        long[] storeBefore = memberBytes(members);
        Map<String, Long> cpuBefore = cpuByGroup();
        long t0 = System.nanoTime();
        Thread.sleep(TICK.toMillis() * size.steadyTicks());
        double seconds = (System.nanoTime() - t0) / 1e9;
        double ticks = seconds / (TICK.toMillis() / 1e3);
        long[] bytesAfter = clients ? clientBytes(nodes) : memberBytes(members);
        long[] storeAfter = memberBytes(members);
        Map<String, Long> cpuAfter = cpuByGroup();
        double perNodeTick = size.nodes() * ticks;
        results.add(ITEM, setup, variant, 0, "read_bytes_per_node_tick",
                (bytesAfter[0] - bytesBefore[0]) / perNodeTick, "B");
        results.add(ITEM, setup, variant, 0, "written_bytes_per_node_tick",
                (bytesAfter[1] - bytesBefore[1]) / perNodeTick, "B");
        results.add(ITEM, setup, variant, 0, "cpu_us_per_node_tick",
                (cpuAfter.getOrDefault("node", 0L) - cpuBefore.getOrDefault("node", 0L)) / 1e3
                        / perNodeTick, "us");
        if (clients) {
            double perMemberTick = members.size() * ticks;
            results.add(ITEM, setup, variant, 0, "store_read_bytes_per_member_tick",
                    (storeAfter[0] - storeBefore[0]) / perMemberTick, "B");
            results.add(ITEM, setup, variant, 0, "cpu_us_per_member_tick",
                    (cpuAfter.getOrDefault("member", 0L) - cpuBefore.getOrDefault("member", 0L))
                            / 1e3 / perMemberTick, "us");
        }
        Bench.log(ITEM + " " + setup + " " + variant + ": per node and tick "
                + Math.round((bytesAfter[0] - bytesBefore[0]) / perNodeTick) + " B read, "
                + Math.round((bytesAfter[1] - bytesBefore[1]) / perNodeTick) + " B written");
    }

    /** A key one node creates, until every node holds it: milliseconds and rotator ticks. */
    private boolean convergence(List<ResumptionNode> nodes, String variant, int round)
            throws InterruptedException {
        ResumptionNode creator = nodes.get(round % nodes.size());
        long t0 = System.nanoTime();
        RingKey key = rotateWithRetry(creator);
        long created = System.nanoTime();
        long deadline = created + CONVERGENCE_DEADLINE.toNanos();
        List<ResumptionNode> missing = new ArrayList<>(nodes);
        while (!missing.isEmpty() && System.nanoTime() < deadline) {
            missing.removeIf(n -> n.ringKeys().stream()
                    .anyMatch(k -> k.fingerprint().equals(key.fingerprint())));
            if (!missing.isEmpty()) {
                Thread.sleep(10);
            }
        }
        results.add(ITEM, setup, variant, round, "rotate_call_ms", (created - t0) / 1e6, "ms");
        results.add(ITEM, setup, variant, round, "nodes_without_key_at_deadline", missing.size(),
                "count");
        if (!missing.isEmpty()) {
            Bench.log(ITEM + " " + setup + " " + variant + ": " + missing.size() + " of "
                    + nodes.size() + " nodes did not get key " + key.fingerprint() + " within "
                    + CONVERGENCE_DEADLINE.toSeconds() + " s");
            return false;
        }
        double ms = (System.nanoTime() - created) / 1e6;
        results.add(ITEM, setup, variant, round, "convergence_ms", ms, "ms");
        results.add(ITEM, setup, variant, round, "convergence_ticks",
                ms / TICK.toMillis(), "ticks");
        Bench.log(ITEM + " " + setup + " " + variant + ": key " + key.fingerprint()
                + " on every node after " + Math.round(ms) + " ms");
        return true;
    }

    /** rotateNow, retried while the store is failing over (its error says nothing rotated). */
    private static RingKey rotateWithRetry(ResumptionNode node) throws InterruptedException {
        long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
        while (true) {
            try {
                return node.rotateNow("bench item 8");
            } catch (IllegalStateException e) {
                if (System.nanoTime() > deadline) {
                    throw e;
                }
                Thread.sleep(100);
            }
        }
    }

    /**
     * JDK client reconnections, round robin over every node's server: the share the client saw
     * resumed, and the nodes' own count of resumed handshakes over the same connections.
     */
    private void resumption(SSLContext client, int port, List<ResumptionNode> nodes,
            String variant) throws Exception {
        for (String protocol : List.of("TLSv1.2", "TLSv1.3")) {
            long serverBefore = nodes.stream().mapToLong(n -> n.metrics().getResumedHandshakes())
                    .sum();
            ResumptionProbe probe = new ResumptionProbe(client, protocol, "localhost");
            int connections = size.nodes() * size.probesPerNode();
            int resumed = 0;
            for (int i = 0; i < connections; i++) {
                if (probe.connect(i, "127.0.0.1", port).clientSaysResumed()) {
                    resumed++;
                }
            }
            long serverResumed = nodes.stream()
                    .mapToLong(n -> n.metrics().getResumedHandshakes()).sum() - serverBefore;
            String s = variant + ", " + protocol;
            results.add(ITEM, setup, s, 0, "resumed_share", resumed / (double) (connections - 1),
                    "ratio");
            results.add(ITEM, setup, s, 0, "server_counted_resumed", serverResumed, "count");
            results.add(ITEM, setup, s, 0, "client_saw_resumed", resumed, "count");
            Bench.log(ITEM + " " + setup + " " + s + ": client saw " + resumed + " of "
                    + (connections - 1) + " reconnections resumed, nodes counted "
                    + serverResumed);
        }
    }

    /**
     * Kills one store member (terminate: no graceful migration, as a crash) and measures how
     * long until a node can rotate again and how many nodes report the ring degraded meanwhile.
     */
    private void memberKilled(HazelcastInstance member, List<ResumptionNode> nodes)
            throws InterruptedException {
        String variant = "one member killed";
        long t0 = System.nanoTime();
        member.getLifecycleService().terminate();
        rotateWithRetry(nodes.get(0));
        results.add(ITEM, setup, variant, 0, "first_rotation_after_kill_ms",
                (System.nanoTime() - t0) / 1e6, "ms");
        // Enough ticks for every node to notice and recover.
        long end = System.nanoTime() + TICK.multipliedBy(size.killWatchTicks()).toNanos();
        java.util.Set<String> degraded = new java.util.HashSet<>();
        while (System.nanoTime() < end) {
            for (ResumptionNode n : nodes) {
                if (n.metrics().isDegraded()) {
                    degraded.add(n.settings().nodeId());
                }
            }
            Thread.sleep(100);
        }
        long stillDegraded = nodes.stream().filter(n -> n.metrics().isDegraded()).count();
        results.add(ITEM, setup, variant, 0, "nodes_degraded_after_kill", degraded.size(),
                "count");
        results.add(ITEM, setup, variant, 0, "nodes_degraded_at_end", stillDegraded, "count");
        Bench.log(ITEM + " " + setup + ": member killed; first rotation after "
                + Math.round((System.nanoTime() - t0) / 1e6) + " ms; nodes degraded meanwhile "
                + degraded.size() + ", still " + stillDegraded);
    }

    /**
     * {read, written} bytes over the nodes' Hazelcast client connections now open. Hazelcast's
     * internal connection API: the public one counts no bytes (the bench only).
     */
    private static long[] clientBytes(List<ResumptionNode> nodes) {
        long read = 0;
        long written = 0;
        for (ResumptionNode node : nodes) {
            HazelcastInstance hz = node.hazelcast().orElseThrow();
            for (ClientConnection c : ((HazelcastClientProxy) hz).client.getConnectionManager()
                    .getActiveConnections()) {
                Channel channel = channelOf((TcpClientConnection) c);
                read += channel.bytesRead();
                written += channel.bytesWritten();
            }
        }
        return new long[] {read, written};
    }

    /**
     * {read, written} bytes over the member-to-member connections now open of {@code members}
     * (Hazelcast's internal server API, as above).
     */
    private static long[] memberBytes(List<HazelcastInstance> members) {
        long read = 0;
        long written = 0;
        for (HazelcastInstance member : members) {
            var server = ((com.hazelcast.instance.impl.HazelcastInstanceProxy) member)
                    .getOriginal().node.getServer();
            for (var c : server.getConnectionManager(
                    com.hazelcast.instance.EndpointQualifier.MEMBER).getConnections()) {
                Channel channel = ((com.hazelcast.internal.server.tcp.TcpServerConnection) c)
                        .getChannel();
                read += channel.bytesRead();
                written += channel.bytesWritten();
            }
        }
        return new long[] {read, written};
    }

    /** The connection's channel: a private field (Hazelcast 5.7 has no getter for it). */
    private static Channel channelOf(TcpClientConnection connection) {
        try {
            java.lang.reflect.Field field = TcpClientConnection.class.getDeclaredField("channel");
            field.setAccessible(true);
            return (Channel) field.get(connection);
        } catch (ReflectiveOperationException e) {
            throw new IllegalStateException("this Hazelcast version hides a client connection's"
                    + " byte counts differently: " + e, e);
        }
    }

    /**
     * CPU time (ns) of this JVM's threads by owner: "node" = the nodes' Hazelcast threads
     * (client or embedded member) and rotators, "member" = the store members' threads.
     */
    private Map<String, Long> cpuByGroup() {
        Map<String, Long> cpu = new HashMap<>();
        for (ThreadInfo info : threads.getThreadInfo(threads.getAllThreadIds())) {
            if (info == null) {
                continue;
            }
            String name = info.getThreadName();
            String group = name.contains("tlsresume-store") ? "member"
                    : name.contains("tlsresume-") ? "node" : null;
            long ns = threads.getThreadCpuTime(info.getThreadId());
            if (group != null && ns > 0) {
                cpu.merge(group, ns, Long::sum);
            }
        }
        return cpu;
    }

    private static long usedHeapAfterGc() throws InterruptedException {
        Runtime rt = Runtime.getRuntime();
        for (int i = 0; i < 3; i++) {
            System.gc();
            Thread.sleep(100);
        }
        return rt.totalMemory() - rt.freeMemory();
    }
}
