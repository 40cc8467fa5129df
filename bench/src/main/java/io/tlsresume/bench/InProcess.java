package io.tlsresume.bench;

import com.hazelcast.map.LocalMapStats;
import io.tlsresume.core.ResumptionNode;
import io.tlsresume.core.cluster.HazelcastRingStore;
import io.tlsresume.testkit.TwoNodeCluster;
import java.util.Collection;
import org.openjdk.jmh.results.BenchmarkResult;
import org.openjdk.jmh.results.IterationResult;
import org.openjdk.jmh.results.RunResult;
import org.openjdk.jmh.runner.Runner;
import org.openjdk.jmh.runner.options.Options;
import org.openjdk.jmh.runner.options.OptionsBuilder;
import org.openjdk.jmh.runner.options.TimeValue;

/** Item 6: ring install time (JMH) and the ring's memory in Hazelcast, per key and per session. */
final class InProcess {
    private static final String ITEM = "6-ring";

    private InProcess() {
    }

    static void measure(Results results, boolean fork, boolean full) throws Exception {
        ringInstall(results, fork, full);
        hazelcastMemory(results, full ? 3 : 1);
    }

    private static void ringInstall(Results results, boolean fork, boolean full)
            throws Exception {
        Options options = new OptionsBuilder()
                .include(RingInstallBenchmark.class.getName())
                .forks(fork ? 1 : 0)
                .warmupIterations(full ? 3 : 1)
                .warmupTime(TimeValue.milliseconds(full ? 1000 : 300))
                .measurementIterations(full ? 5 : 3)
                .measurementTime(TimeValue.milliseconds(full ? 1000 : 300))
                .shouldFailOnError(true)
                .verbosity(org.openjdk.jmh.runner.options.VerboseMode.SILENT)
                .build();
        Collection<RunResult> runs = new Runner(options).run();
        for (RunResult run : runs) {
            String size = run.getParams().getParam("ringSize");
            int round = 0;
            for (BenchmarkResult b : run.getBenchmarkResults()) {
                for (IterationResult it : b.getIterationResults()) {
                    results.add(ITEM, "install (JMH)", size + " keys", round++,
                            "install_us", it.getPrimaryResult().getScore(), "us");
                    Bench.log(ITEM + " install " + size + " keys: "
                            + it.getPrimaryResult().getScore() + " us");
                }
            }
        }
    }

    /**
     * Two members in this JVM sharing a ring: the ring map's memory (owned + backup copies, as
     * Hazelcast's local map statistics count it) per key, then again after handshakes, to show
     * what a session adds (tickets live with the clients, so nothing is expected).
     */
    private static void hazelcastMemory(Results results, int rounds) throws Exception {
        try (TwoNodeCluster cluster = TwoNodeCluster.start(b -> { })) {
            // Measure only once every partition has its backup: in the run of 2026-11-23 the first
            // round read the map before the backup copy existed (185 B/key, +370 B later).
            var partitions = ((HazelcastRingStore) cluster.nodeA.store()).hazelcast()
                    .getPartitionService();
            long deadline = System.nanoTime() + 30_000_000_000L;
            while (!partitions.isClusterSafe() && System.nanoTime() < deadline) {
                Thread.sleep(100);
            }
            for (int round = 0; round < rounds; round++) {
                long[] before = ringMap(cluster);
                long handshakes = 0;
                for (boolean reuse : new boolean[] {false, true}) {
                    handshakes += STime.run(cluster.serverA.port(), Bench.TLS13, reuse, 1, 1)
                            .connections();
                }
                long[] after = ringMap(cluster);
                results.add(ITEM, "Hazelcast memory", "per key", round, "bytes",
                        (double) before[1] / before[0], "B");
                results.add(ITEM, "Hazelcast memory", "per session", round, "bytes",
                        (double) (after[1] - before[1]) / handshakes, "B");
                results.add(ITEM, "Hazelcast memory", "ring keys", round, "count", before[0],
                        "count");
                Bench.log(ITEM + " ring of " + before[0] + " keys: " + before[1] + " B; after "
                        + handshakes + " handshakes " + after[0] + " keys, " + after[1] + " B");
            }
        }
    }

    /** {keys, bytes over all copies} of the ring map in both members. */
    private static long[] ringMap(TwoNodeCluster cluster) {
        long keys = 0;
        long bytes = 0;
        for (ResumptionNode node : new ResumptionNode[] {cluster.nodeA, cluster.nodeB}) {
            LocalMapStats stats = ((HazelcastRingStore) node.store()).hazelcast()
                    .getMap(HazelcastRingStore.MAP_NAME).getLocalMapStats();
            keys += stats.getOwnedEntryCount();
            bytes += stats.getOwnedEntryMemoryCost() + stats.getBackupEntryMemoryCost();
        }
        return new long[] {keys, bytes};
    }
}
