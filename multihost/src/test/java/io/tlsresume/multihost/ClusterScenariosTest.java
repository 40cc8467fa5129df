package io.tlsresume.multihost;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.tlsresume.testkit.hosts.LoadFigures;
import io.tlsresume.testkit.hosts.ReconnectingLoad;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * The cluster's life on three hosts behind HAProxy, under clients that reconnect all the time
 * (TLS 1.2 tickets and TLS 1.3, JDK clients): steady state, a rolling restart, a kill -9, a
 * whole-cluster restart. One cluster serves all four in turn (each starts from every node running
 * on one ring), which keeps the shortened run within its CI budget.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class ClusterScenariosTest {
    private static final Duration RING = Duration.ofSeconds(90);
    private static final int CLIENTS_PER_MODE = 2;
    private MultiHostCluster cluster;
    @RegisterExtension
    final KeepLogsOnFailure keepLogs = new KeepLogsOnFailure(() -> cluster);
    /** The ring every node encrypts under when a scenario starts. */
    private String ring;
    /** The node counters when a scenario starts. */
    private Map<String, Long> before;

    @BeforeAll
    void start() throws Exception {
        if (Scenarios.runnable()) {
            cluster = MultiHostCluster.start(3);
        }
    }

    @AfterAll
    void close() {
        if (cluster != null) {
            cluster.close();
        }
    }

    @BeforeEach
    void everyNodeRunsOnOneRing() throws InterruptedException {
        Scenarios.assumeRunnable(); // each scenario reports the skip and why
        for (int i = 0; i < cluster.size(); i++) {
            if (!cluster.node(i).isAlive()) {
                cluster.startNode(i);
            }
        }
        ring = cluster.awaitOneRing(RING);
        before = cluster.serverCounts();
    }

    @Test
    @Order(1)
    void steadyState() throws Exception {
        Loads loads = new Loads(cluster);
        Thread.sleep(Scenarios.length(Duration.ofSeconds(8), Duration.ofSeconds(120)).toMillis());
        LoadFigures all = loads.stop();
        Map<String, Long> after = cluster.serverCounts();
        Scenarios.report("steady-state-3-hosts", all, before, after,
                loads.rates() + " ring=" + ring);
        assertEquals(0, all.failed() + all.refused(), () -> "failures: " + loads.failures());
        assertTrue(all.connections() >= 100, "enough reconnections: " + all);
        loads.assertEachRate(0.999);
        assertEquals(all.resumed(), Scenarios.delta("ResumedHandshakes", before, after),
                "the nodes counted every resumption the clients saw");
        assertEquals(all.full(), Scenarios.delta("FullHandshakes", before, after),
                "the nodes counted every full handshake the clients saw");
        assertEquals(ring, cluster.awaitOneRing(RING), "the ring did not change");
    }

    @Test
    @Order(2)
    void rollingRestart() throws Exception {
        Loads loads = Loads.running(cluster);
        List<String> after = new ArrayList<>();
        int rounds = Scenarios.count(1, 3);
        for (int round = 0; round < rounds; round++) {
            for (int i = 0; i < cluster.size(); i++) {
                String host = cluster.host(i).name();
                cluster.stopNode(i);
                loads.await(20);
                cluster.startNode(i);
                String fingerprint = cluster.awaitOneRing(RING);
                after.add(host + ":" + fingerprint);
                assertEquals(ring, fingerprint, () -> "the ring survives the restart of "
                        + host + ": " + cluster.fingerprints());
                cluster.awaitServing(i, Duration.ofSeconds(30));
                loads.await(50);
            }
        }
        LoadFigures all = loads.stop();
        Map<String, Long> server = cluster.serverCounts();
        Scenarios.report("rolling-restart-3-hosts", all, before, server,
                loads.rates() + " restarts=" + rounds * cluster.size() + " ring=" + ring
                        + " fingerprints-after-each=" + String.join(",", after));
        assertEquals(0, all.failed(), () -> "failed handshakes: " + loads.failures());
        assertEquals(0, all.refused(), () -> "refused connections: " + loads.failures());
        loads.assertEachRate(0.999);
    }

    @Test
    @Order(3)
    void killNineOfOneNode() throws Exception {
        Loads loads = Loads.running(cluster);
        LoadFigures beforeKill = loads.figures();
        int victim = 1;
        cluster.killNode(victim);
        loads.await(Scenarios.count(150, 1500));
        LoadFigures whileDead = loads.figures().minus(beforeKill);
        cluster.startNode(victim);
        String rejoined = cluster.awaitOneRing(RING);
        cluster.awaitServing(victim, Duration.ofSeconds(30));
        loads.await(100);
        LoadFigures all = loads.stop();
        Map<String, Long> server = cluster.serverCounts();
        Scenarios.report("kill-9-one-of-3-hosts", all, before, server, loads.rates()
                + " while-dead: connections=" + whileDead.connections() + " resumed="
                + whileDead.resumed() + " full=" + whileDead.full() + " cut="
                + (whileDead.failed() + whileDead.refused())
                + " ring=" + ring + " rejoined=" + rejoined);
        assertEquals(ring, rejoined, "the killed node rejoins and adopts the ring");
        assertEquals(0, Scenarios.delta("TicketDecryptFailures", before, server),
                "every ticket a client offered decrypted on the node it reached");
        // Connections under way when the JVM died are cut (a client may then drop its
        // session: the JDK does after a failed handshake); nothing else fails, and every other
        // reconnection resumes, also the killed node's clients' on the others.
        assertTrue(all.failed() + all.refused() <= 2L * CLIENTS_PER_MODE,
                () -> "only connections under way at the kill fail: " + loads.failures());
        assertTrue(whileDead.full() <= whileDead.failed() + whileDead.refused(),
                () -> "the others resume the killed node's clients: " + whileDead + " "
                        + loads.failures());
        assertTrue(all.full() - all.firstHandshakes() <= all.failed() + all.refused(),
                () -> "a full handshake only after a cut connection: " + all);
    }

    @Test
    @Order(4)
    void wholeClusterRestart() throws Exception {
        Loads loads = Loads.running(cluster);
        LoadFigures beforeRestart = loads.figures();
        List<List<Long>> fullBefore = loads.fullPerClient();
        List<List<Integer>> connectionsBefore = loads.connectionsPerClient();
        for (int i = 0; i < cluster.size(); i++) {
            cluster.stopNode(i);
        }
        for (int i = 0; i < cluster.size(); i++) {
            cluster.startNode(i);
        }
        String fresh = cluster.awaitOneRing(RING);
        for (int i = 0; i < cluster.size(); i++) {
            cluster.awaitServing(i, Duration.ofSeconds(30));
        }
        LoadFigures ready = loads.figures();
        loads.await(Scenarios.count(150, 1500));
        LoadFigures all = loads.stop();
        LoadFigures afterReady = all.minus(ready);
        LoadFigures restart = all.minus(beforeRestart);
        List<List<Long>> fullAfter = loads.fullPerClient();
        Map<String, Long> server = cluster.serverCounts();
        Scenarios.report("whole-cluster-restart-3-hosts", all, before, server, loads.rates()
                + " restart-window: full=" + restart.full() + " refused=" + restart.refused()
                + " after-ready-rate=" + percent(afterReady.resumedRate())
                + " ring-before=" + ring + " ring-after=" + fresh);
        assertNotEquals(ring, fresh, "a cluster that lost every member starts a new ring");
        assertEquals(0, all.failed(), () -> "no error: " + loads.failures());
        for (int mode = 0; mode < fullAfter.size(); mode++) {
            for (int c = 0; c < fullAfter.get(mode).size(); c++) {
                long made = fullAfter.get(mode).get(c) - fullBefore.get(mode).get(c);
                List<ReconnectingLoad.Kind> since = loads.outcomes(mode, c);
                since = since.subList(connectionsBefore.get(mode).get(c), since.size());
                int m = mode;
                int client = c;
                java.util.function.Supplier<String> history = () -> "client " + client + " of "
                        + loads.modes().get(m) + ", its last outcomes:\n"
                        + String.join("\n", loads.history(m, client));
                // One full handshake because the ring is new; after that, one only if the
                // client's connection before it was cut (the JDK client then drops its session,
                // and a TLS 1.3 ticket it offered is used up): never with a session it holds.
                assertTrue(made >= 1, () -> "a full handshake after the restart: " + history.get());
                assertEquals(0, fullWithHeldSession(since), () -> "full handshakes, after the"
                        + " first, right after a completed connection: " + history.get());
            }
        }
        assertEquals(0, afterReady.full(), "once the cluster is back, every client resumes");
        assertTrue(afterReady.resumedRate() >= 0.999, () -> afterReady.toString());
    }

    /**
     * Full handshakes after the first FULL in {@code outcomes} that directly follow a completed
     * connection (the client held the session it left).
     */
    private static long fullWithHeldSession(List<ReconnectingLoad.Kind> outcomes) {
        int first = outcomes.indexOf(ReconnectingLoad.Kind.FULL);
        long count = 0;
        for (int i = first + 1; first >= 0 && i < outcomes.size(); i++) {
            ReconnectingLoad.Kind previous = outcomes.get(i - 1);
            if (outcomes.get(i) == ReconnectingLoad.Kind.FULL
                    && (previous == ReconnectingLoad.Kind.FULL
                            || previous == ReconnectingLoad.Kind.RESUMED)) {
                count++;
            }
        }
        return count;
    }

    private static String percent(double rate) {
        return String.format(Locale.ROOT, "%.2f%%", 100 * rate);
    }

    /** TLS 1.2 ticket clients and TLS 1.3 clients through the balancer at once. */
    private static final class Loads {
        private final List<ReconnectingLoad> loads = new ArrayList<>();
        private final List<LoadFigures> stopped = new ArrayList<>();

        Loads(MultiHostCluster cluster) {
            loads.add(cluster.load(ReconnectingLoad.Mode.TLS12_TICKETS, CLIENTS_PER_MODE));
            loads.add(cluster.load(ReconnectingLoad.Mode.TLS13, CLIENTS_PER_MODE));
        }

        LoadFigures figures() {
            return loads.stream().map(ReconnectingLoad::figures)
                    .reduce(LoadFigures.ZERO, LoadFigures::plus);
        }

        /** Started, with 100 connections made (every client past its first). */
        static Loads running(MultiHostCluster cluster) throws InterruptedException {
            Loads loads = new Loads(cluster);
            loads.await(100);
            return loads;
        }

        /** Waits for {@code count} more connections (any outcome), at most 2 minutes. */
        void await(long count) throws InterruptedException {
            long target = figures().connections() + count;
            long deadline = System.nanoTime() + Duration.ofMinutes(2).toNanos();
            while (figures().connections() < target) {
                if (System.nanoTime() > deadline) {
                    throw new AssertionError("load stalled: " + figures() + " " + failures());
                }
                Thread.sleep(50);
            }
        }

        LoadFigures stop() {
            stopped.clear();
            for (ReconnectingLoad load : loads) {
                stopped.add(load.stop());
            }
            return stopped.stream().reduce(LoadFigures.ZERO, LoadFigures::plus);
        }

        List<ReconnectingLoad.Mode> modes() {
            return loads.stream().map(ReconnectingLoad::mode).toList();
        }

        List<String> history(int mode, int client) {
            return loads.get(mode).history(client);
        }

        /** How many connections each client has made so far. */
        List<List<Integer>> connectionsPerClient() {
            List<List<Integer>> all = new ArrayList<>();
            for (ReconnectingLoad load : loads) {
                List<Integer> counts = new ArrayList<>();
                for (int c = 0; c < CLIENTS_PER_MODE; c++) {
                    counts.add(load.outcomes(c).size());
                }
                all.add(counts);
            }
            return all;
        }

        List<ReconnectingLoad.Kind> outcomes(int mode, int client) {
            return loads.get(mode).outcomes(client);
        }

        List<List<Long>> fullPerClient() {
            return loads.stream().map(ReconnectingLoad::fullHandshakesPerClient).toList();
        }

        List<String> failures() {
            List<String> all = new ArrayList<>();
            loads.forEach(l -> all.addAll(l.failures()));
            return all;
        }

        String rates() {
            StringBuilder out = new StringBuilder();
            for (int i = 0; i < loads.size(); i++) {
                LoadFigures f = stopped.isEmpty() ? loads.get(i).figures() : stopped.get(i);
                out.append(i == 0 ? "" : " ")
                        .append(loads.get(i).mode().name().toLowerCase(Locale.ROOT))
                        .append("-rate=").append(percent(f.resumedRate()));
            }
            return out.toString();
        }

        void assertEachRate(double bound) {
            for (int i = 0; i < stopped.size(); i++) {
                LoadFigures f = stopped.get(i);
                assertTrue(f.resumedRate() >= bound, loads.get(i).mode() + ": " + f + " "
                        + loads.get(i).failures());
            }
        }
    }
}
