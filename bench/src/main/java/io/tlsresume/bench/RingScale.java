package io.tlsresume.bench;

import com.hazelcast.core.HazelcastInstance;
import com.hazelcast.map.IMap;
import io.tlsresume.core.KeySource;
import io.tlsresume.core.Settings;
import io.tlsresume.core.cluster.HazelcastInstances;
import io.tlsresume.core.cluster.HazelcastRingStore;
import io.tlsresume.core.ring.KeyRotator;
import io.tlsresume.core.ring.RotationSchedule;
import io.tlsresume.core.ring.TicketKey;
import io.tlsresume.core.sealing.CardTrust;
import io.tlsresume.core.sealing.NodeIdentity;
import io.tlsresume.core.sealing.SealedRingCodec;
import io.tlsresume.testkit.CountingRingStore;
import io.tlsresume.testkit.ManualScheduler;
import io.tlsresume.testkit.MutableClock;
import io.tlsresume.testkit.Ports;
import io.tlsresume.testkit.TestCertificates;
import io.tlsresume.testkit.TestPki;
import java.io.InputStream;
import java.lang.management.ManagementFactory;
import java.nio.file.Files;
import java.security.SecureRandom;
import java.security.cert.CertificateFactory;
import java.security.cert.X509Certificate;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Item 7: what the sealed ring costs each node as the cluster grows. For N nodes, N Hazelcast
 * members in this JVM, each node with its own certificate (one CA, {@code sealing.trustCa}
 * trust), sealed codec and {@link KeyRotator}, ticked round by round on one hand-driven clock:
 * in every round each node ticks once (as its periodic tick would), so the counts per tick are
 * exact and do not depend on this machine's speed. Nodes join one after another over the first
 * rotation interval (so their cards renew at different ticks, as in a real cluster), then
 * {@code rotations} intervals are measured.
 *
 * <p>Per node and tick: entries and bytes read from and written to the store (a
 * {@link CountingRingStore} around each node's store), store calls, HPKE seals and opens, CPU of
 * the ticking thread plus the store's call threads, change events the node's listener got (each
 * is an extra tick in production), and the whole JVM's CPU per node-tick (every member serving
 * the others included). Per rotation: the maps' entries and bytes. Per key: ticks from its
 * creation until every node holds it.
 */
final class RingScale {
    static final String ITEM = "7-ring-scale";
    private static final Duration ROTATION = Duration.ofMinutes(1);
    /** Six live epochs or so, as a 12 h lifetime / 1 h rotation ring has fourteen. */
    private static final Duration LIFETIME = Duration.ofMinutes(4);

    /**
     * Held so the level sticks: a joining node's expected warnings (a local key until a holder
     * re-seals to it), times 64 nodes, would bury the harness's own lines.
     */
    private static final java.util.logging.Logger NODE_LOG =
            java.util.logging.Logger.getLogger("io.tlsresume");

    private final Results results;
    private final String variant;
    private final SecureRandom random = new SecureRandom();
    private final List<Node> identities = new ArrayList<>();
    private X509Certificate ca;

    private RingScale(Results results, String variant) {
        this.results = results;
        this.variant = variant;
    }

    /** One node's certificate. */
    private record Node(String id, KeySource keys) { }

    /** Sizes and measured rotations of each mode. */
    static void measure(Results results, String mode, String variant) throws Exception {
        List<Integer> sizes = switch (mode) {
            case "smoke" -> List.of(2, 4);
            case "quick" -> List.of(2, 4, 8);
            default -> List.of(2, 4, 8, 16, 32, 64);
        };
        int rotations = mode.equals("full") ? 3 : 1;
        RingScale scale = new RingScale(results, variant);
        scale.issue(sizes.get(sizes.size() - 1));
        java.util.logging.Level level = NODE_LOG.getLevel();
        NODE_LOG.setLevel(java.util.logging.Level.SEVERE);
        try {
            for (int n : sizes) {
                scale.run(n, rotations);
            }
        } finally {
            NODE_LOG.setLevel(level);
        }
        results.note("item 7: N Hazelcast members in one JVM, rotation " + ROTATION.toSeconds()
                + " s, ticket lifetime " + LIFETIME.toSeconds() + " s, tick "
                + new RotationSchedule(ROTATION, LIFETIME).tickPeriod().toSeconds()
                + " s on a hand-driven clock; nodes join over the first rotation, then "
                + rotations + " rotation(s) measured");
    }

    private void issue(int count) throws Exception {
        TestPki pki = TestPki.create("ring-scale");
        try (InputStream in = Files.newInputStream(pki.caPem())) {
            ca = (X509Certificate) CertificateFactory.getInstance("X.509")
                    .generateCertificate(in);
        }
        for (int i = 0; i < count; i++) {
            TestPki.Issued issued = pki.server("node" + i, TestPki.KeyAlg.EC, "node" + i);
            identities.add(new Node("node" + i, TestCertificates.keySourceOf(issued.p12())));
        }
    }

    /** One running node: its store, codec, rotator and counters. */
    private static final class Running {
        final CountingRingStore store;
        final SealedRingCodec codec;
        final KeyRotator rotator;
        final AtomicLong changes = new AtomicLong();
        volatile Set<String> held = Set.of();
        boolean joined;

        Running(CountingRingStore store, SealedRingCodec codec, KeyRotator rotator) {
            this.store = store;
            this.codec = codec;
            this.rotator = rotator;
        }
    }

    private void run(int n, int rotations) throws Exception {
        String setup = "N=" + n;
        String cluster = "ring-scale-" + UUID.randomUUID();
        List<Integer> ports = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            ports.add(Ports.free());
        }
        String seeds = "127.0.0.1:" + ports.get(0);
        List<HazelcastInstance> members = new ArrayList<>();
        long startedAt = System.nanoTime();
        members.add(startMember(cluster, 0, ports.get(0), seeds));
        ExecutorService starter = Executors.newFixedThreadPool(4);
        try {
            List<Future<HazelcastInstance>> later = new ArrayList<>();
            for (int i = 1; i < n; i++) {
                int index = i;
                later.add(starter.submit(() -> startMember(cluster, index, ports.get(index),
                        seeds)));
            }
            for (Future<HazelcastInstance> f : later) {
                members.add(f.get());
            }
        } finally {
            starter.shutdown();
        }
        Bench.log(ITEM + " " + setup + ": " + n + " members up in "
                + (System.nanoTime() - startedAt) / 1_000_000_000 + " s");
        MutableClock clock = new MutableClock(Instant.parse("2026-12-01T10:00:00Z"));
        ManualScheduler scheduler = new ManualScheduler(clock);
        RotationSchedule schedule = new RotationSchedule(ROTATION, LIFETIME);
        CardTrust trust = CardTrust.certificateAuthority(List.of(ca));
        List<Running> nodes = new ArrayList<>();
        try {
            for (int i = 0; i < n; i++) {
                Node id = identities.get(i);
                // Not closed by the store: the members are shut down below, all at once.
                HazelcastRingStore hazelcast = new HazelcastRingStore(members.get(i),
                        Duration.ofSeconds(30), "member " + i);
                CountingRingStore store = new CountingRingStore(hazelcast);
                SealedRingCodec codec = new SealedRingCodec(new NodeIdentity(id.id() + "-"
                        + cluster.substring(11, 19), id.keys().loadPrivateKey(),
                        id.keys().certificateChain()), trust, store, schedule, random);
                KeyRotator rotator = new KeyRotator(schedule, store, codec, clock, scheduler,
                        random, n);
                Running node = new Running(store, codec, rotator);
                rotator.register(keys -> node.held = fingerprints(keys));
                store.onChange(node.changes::incrementAndGet);
                nodes.add(node);
            }
            sweep(setup, nodes, members.get(0), schedule, clock, rotations);
        } finally {
            nodes.forEach(node -> node.rotator.close());
            members.parallelStream().forEach(m -> m.getLifecycleService().terminate());
        }
    }

    private static Set<String> fingerprints(List<TicketKey> keys) {
        Set<String> names = new HashSet<>();
        keys.forEach(key -> names.add(key.fingerprint()));
        return names;
    }

    private void sweep(String setup, List<Running> nodes, HazelcastInstance probe,
            RotationSchedule schedule, MutableClock clock, int rotations) {
        int n = nodes.size();
        int ticksPerRotation = (int) (ROTATION.toMillis() / schedule.tickPeriod().toMillis());
        int total = ticksPerRotation * (1 + rotations);
        com.sun.management.ThreadMXBean threads =
                (com.sun.management.ThreadMXBean) ManagementFactory.getThreadMXBean();
        com.sun.management.OperatingSystemMXBean os = (com.sun.management.OperatingSystemMXBean)
                ManagementFactory.getOperatingSystemMXBean();
        Map<String, Integer> created = new HashMap<>();
        List<Integer> spread = new ArrayList<>();
        Set<String> everywhere = new HashSet<>();
        Totals rotation = new Totals();
        Totals measured = new Totals();
        long wallStart = System.nanoTime();
        for (int round = 0; round < total; round++) {
            boolean measuring = round >= ticksPerRotation;
            long[] storeThreads = storeThreadIds();
            long rotatorCpu = threads.getCurrentThreadCpuTime() + sum(threads.getThreadCpuTime(
                    storeThreads));
            long processCpu = os.getProcessCpuTime();
            List<CountingRingStore.Counts> before = new ArrayList<>();
            long[] sealsBefore = new long[n];
            long[] opensBefore = new long[n];
            long[] changesBefore = new long[n];
            for (int i = 0; i < n; i++) {
                Running node = nodes.get(i);
                before.add(node.store.counts());
                sealsBefore[i] = node.codec.hpkeSeals();
                opensBefore[i] = node.codec.hpkeOpens();
                changesBefore[i] = node.changes.get();
            }
            int ticked = 0;
            for (int i = 0; i < n; i++) {
                Running node = nodes.get(i);
                // Node i joins at round i * ticksPerRotation / n of the first rotation.
                if (!node.joined && round * n < i * ticksPerRotation) {
                    continue;
                }
                node.joined = true;
                node.rotator.tick();
                ticked++;
                for (String key : node.held) {
                    created.putIfAbsent(key, round);
                }
            }
            long[] storeThreadsAfter = storeThreadIds();
            long rotatorCpuUsed = threads.getCurrentThreadCpuTime() + sum(threads
                    .getThreadCpuTime(storeThreadsAfter)) - rotatorCpu;
            long processCpuUsed = os.getProcessCpuTime() - processCpu;
            if (measuring) {
                for (int i = 0; i < n; i++) {
                    Running node = nodes.get(i);
                    CountingRingStore.Counts used = node.store.counts().minus(before.get(i));
                    for (Totals t : List.of(rotation, measured)) {
                        t.add(used, node.codec.hpkeSeals() - sealsBefore[i],
                                node.codec.hpkeOpens() - opensBefore[i],
                                node.changes.get() - changesBefore[i]);
                    }
                }
                for (Totals t : List.of(rotation, measured)) {
                    t.ticks += ticked;
                    t.rotatorNanos += Math.max(0, rotatorCpuUsed);
                    t.processNanos += processCpuUsed;
                }
                // A key counts once every node holds it; only keys made while all were in.
                for (Map.Entry<String, Integer> key : created.entrySet()) {
                    if (key.getValue() >= ticksPerRotation && !everywhere.contains(key.getKey())
                            && nodes.stream().allMatch(node -> node.held.contains(key
                                    .getKey()))) {
                        everywhere.add(key.getKey());
                        spread.add(round - key.getValue());
                    }
                }
            }
            clock.advance(schedule.tickPeriod());
            if (measuring && (round + 1) % ticksPerRotation == 0) {
                int index = (round + 1) / ticksPerRotation - 1;
                recordRotation(setup, index, rotation, n, probe);
                rotation = new Totals();
            }
        }
        long waiting = created.entrySet().stream().filter(e -> e.getValue() >= ticksPerRotation
                && !everywhere.contains(e.getKey())).count();
        String variant = this.variant;
        double ticks = measured.ticks;
        results.add(ITEM, setup, variant, 0, "bytes_read_per_node_tick", measured.bytesRead / ticks,
                "B");
        results.add(ITEM, setup, variant, 0, "bytes_written_per_node_tick",
                measured.bytesWritten / ticks, "B");
        results.add(ITEM, setup, variant, 0, "entries_read_per_node_tick",
                measured.entriesRead / ticks, "entries");
        results.add(ITEM, setup, variant, 0, "store_calls_per_node_tick",
                measured.calls / ticks, "calls");
        results.add(ITEM, setup, variant, 0, "hpke_seals_per_node_tick", measured.seals / ticks,
                "ops");
        results.add(ITEM, setup, variant, 0, "hpke_opens_per_node_tick", measured.opens / ticks,
                "ops");
        results.add(ITEM, setup, variant, 0, "change_events_per_node_tick",
                measured.changes / ticks, "events");
        results.add(ITEM, setup, variant, 0, "rotator_cpu_us_per_node_tick",
                measured.rotatorNanos / 1e3 / ticks, "us");
        results.add(ITEM, setup, variant, 0, "jvm_cpu_us_per_node_tick",
                measured.processNanos / 1e3 / ticks, "us");
        double maxSpread = spread.stream().mapToInt(Integer::intValue).max().orElse(-1);
        results.add(ITEM, setup, variant, 0, "ticks_to_every_node_max", maxSpread, "ticks");
        results.add(ITEM, setup, variant, 0, "keys_followed", spread.size(), "keys");
        results.add(ITEM, setup, variant, 0, "keys_not_everywhere_at_end", waiting, "keys");
        Bench.log(String.format(java.util.Locale.ROOT, "%s %s: per node-tick read %.0f B (%.1f"
                + " entries, %.1f calls), written %.0f B, seals %.2f, opens %.2f, change events"
                + " %.1f, rotator CPU %.0f us, JVM CPU %.0f us; new key everywhere within %.0f"
                + " ticks (%d keys, %d not everywhere); sweep %.0f s", ITEM, setup,
                measured.bytesRead / ticks, measured.entriesRead / ticks, measured.calls / ticks,
                measured.bytesWritten / ticks, measured.seals / ticks, measured.opens / ticks,
                measured.changes / ticks, measured.rotatorNanos / 1e3 / ticks,
                measured.processNanos / 1e3 / ticks, maxSpread, spread.size(), waiting,
                (System.nanoTime() - wallStart) / 1e9));
    }

    private void recordRotation(String setup, int index, Totals t, int n,
            HazelcastInstance probe) {
        results.add(ITEM, setup, variant, index, "bytes_read_per_node_rotation",
                t.bytesRead / (double) n, "B");
        results.add(ITEM, setup, variant, index, "bytes_written_per_node_rotation",
                t.bytesWritten / (double) n, "B");
        results.add(ITEM, setup, variant, index, "hpke_seals_per_node_rotation",
                t.seals / (double) n, "ops");
        results.add(ITEM, setup, variant, index, "hpke_opens_per_node_rotation",
                t.opens / (double) n, "ops");
        results.add(ITEM, setup, variant, index, "rotator_cpu_ms_per_node_rotation",
                t.rotatorNanos / 1e6 / n, "ms");
        long entries = 0;
        long bytes = 0;
        for (String name : List.of(HazelcastRingStore.MAP_NAME,
                HazelcastRingStore.ENTRIES_MAP_NAME)) {
            IMap<Object, byte[]> map = probe.getMap(name);
            for (Map.Entry<Object, byte[]> e : map.entrySet()) {
                entries++;
                bytes += e.getValue().length;
            }
        }
        results.add(ITEM, setup, variant, index, "map_entries", entries, "entries");
        results.add(ITEM, setup, variant, index, "map_bytes", bytes, "B");
    }

    /** Sums over the measured ticks of all nodes. */
    private static final class Totals {
        long ticks;
        long calls;
        long entriesRead;
        long bytesRead;
        long bytesWritten;
        long seals;
        long opens;
        long changes;
        long rotatorNanos;
        long processNanos;

        void add(CountingRingStore.Counts used, long seals, long opens, long changes) {
            calls += used.calls();
            entriesRead += used.entriesRead();
            bytesRead += used.bytesRead();
            bytesWritten += used.bytesWritten();
            this.seals += seals;
            this.opens += opens;
            this.changes += changes;
        }
    }

    /** The threads the stores run their calls on (named by {@link HazelcastRingStore}). */
    private static long[] storeThreadIds() {
        return Thread.getAllStackTraces().keySet().stream()
                .filter(t -> t.getName().equals("tlsresume-store")).mapToLong(Thread::getId)
                .toArray();
    }

    private static long sum(long[] values) {
        long total = 0;
        for (long v : values) {
            total += Math.max(0, v); // -1: the thread ended
        }
        return total;
    }

    private static HazelcastInstance startMember(String cluster, int index, int port,
            String seeds) {
        Settings settings = Settings.builder()
                .set("nodeId", "m" + index + "-" + cluster.substring(11, 19))
                .set("cluster.name", cluster)
                .set("cluster.members", seeds)
                .set("cluster.port", String.valueOf(port))
                .keySource(TestCertificates.get().keySource())
                .build();
        return HazelcastInstances.startMember(settings);
    }
}
