package io.tlsresume.micrometer;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.micrometer.core.instrument.Meter;
import io.micrometer.core.instrument.search.Search;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.tlsresume.core.ResumptionNode;
import io.tlsresume.core.metrics.Metric;
import io.tlsresume.core.metrics.MetricSource;
import io.tlsresume.testkit.LogCapture;
import io.tlsresume.testkit.MutableClock;
import io.tlsresume.testkit.TestNodes;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.LongAdder;
import java.util.function.BooleanSupplier;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * Two nodes of a real cluster rotating every second: the gauges read the nodes' state when the
 * registry reads them (the ring grows, members leave, the survivor turns degraded), sources an
 * engine adds later are published, and a node's meters go when the node closes.
 */
class NodeLifecycleMetersTest {
    private static final Duration WAIT = Duration.ofSeconds(15);
    private final SimpleMeterRegistry registry = new SimpleMeterRegistry();
    private ResumptionNode a;
    private ResumptionNode b;

    @AfterEach
    void stop() {
        if (b != null) {
            b.close();
        }
        if (a != null) {
            a.close();
        }
    }

    private void startBoth() {
        TestNodes nodes = new TestNodes(2);
        // The ring grows by one key a second until it holds a lifetime's worth: two minutes, far
        // longer than the nodes take to start on a loaded machine.
        a = ResumptionNode.start(nodes.settings(0, NodeLifecycleMetersTest::fastRotation));
        b = ResumptionNode.start(nodes.settings(1, NodeLifecycleMetersTest::fastRotation));
    }

    private static void fastRotation(io.tlsresume.core.Settings.Builder builder) {
        builder.set("rotationInterval", "1s").set("ticketLifetime", "120s");
    }

    private double gauge(ResumptionNode node, String name) {
        return registry.get(name).tag("node", node.settings().nodeId()).gauge().value();
    }

    private List<Meter> metersOf(ResumptionNode node) {
        return List.copyOf(Search.in(registry).tag("node", node.settings().nodeId()).meters());
    }

    private static void await(String what, BooleanSupplier condition) throws InterruptedException {
        long deadline = System.nanoTime() + WAIT.toNanos();
        while (!condition.getAsBoolean()) {
            assertTrue(System.nanoTime() < deadline, what + " within " + WAIT.toSeconds() + " s");
            Thread.sleep(50);
        }
    }

    @Test
    void gaugesFollowTheRingAndTheClusterAndTheNodesMetersGoWhenItCloses() throws Exception {
        startBoth();
        TlsResumeMeterBinder.bind(a, registry);
        TlsResumeMeterBinder.bind(b, registry);
        await("both members seen", () -> gauge(a, "tlsresume.cluster.members") == 2);
        // Each rotator sees the other member at its next tick.
        await("A not degraded", () -> gauge(a, "tlsresume.degraded") == 0);
        await("B not degraded", () -> gauge(b, "tlsresume.degraded") == 0);

        double ring = gauge(a, "tlsresume.ring.size");
        double rotations = registry.get("tlsresume.ring.rotations")
                .tag("node", a.settings().nodeId()).functionCounter().count();
        await("the ring grows with the next keys", () -> gauge(a, "tlsresume.ring.size") > ring);
        assertTrue(registry.get("tlsresume.ring.rotations").tag("node", a.settings().nodeId())
                .functionCounter().count() > rotations, "a rotation was counted");
        double age = registry.get(TlsResumeMeterBinder.LAST_ROTATION_AGE)
                .tag("node", a.settings().nodeId()).timeGauge().value(TimeUnit.SECONDS);
        assertTrue(age >= 0 && age < 3, "seconds since the last 1 s rotation: " + age);

        int bMeters = metersOf(b).size();
        assertTrue(bMeters > 15, "B's meters: " + bMeters);
        b.close();
        assertEquals(List.of(), metersOf(b), "B's meters went with B");
        b = null;
        assertEquals(bMeters, metersOf(a).size(), "A's meters stay");
        await("A sees B leave", () -> gauge(a, "tlsresume.cluster.members") == 1);
        // The configuration lists two members and A sees one: serving on, but degraded.
        await("A reports degraded", () -> gauge(a, "tlsresume.degraded") == 1);
    }

    @Test
    void lastRotationAgeIsReadOnTheClockAtEachScrape() throws Exception {
        TestNodes nodes = new TestNodes(1);
        a = ResumptionNode.start(nodes.settings(0, s -> s.set("cluster.mode", "none")));
        MutableClock clock = new MutableClock(Instant.now());
        new TlsResumeMeterBinder(a, clock).bindTo(registry);
        var age = registry.get(TlsResumeMeterBinder.LAST_ROTATION_AGE).timeGauge();
        double before = age.value(TimeUnit.SECONDS);
        clock.advance(Duration.ofMinutes(5));
        // The hourly rotation does not come in between: the age moves with the clock alone.
        assertEquals(before + 300, age.value(TimeUnit.SECONDS), 0.001);
        // The gauge has millisecond resolution: both instants are read in whole milliseconds
        // (truncating their difference instead could be off by one millisecond).
        assertEquals((clock.millis() - Instant.parse(a.metrics().getLastRotation()).toEpochMilli())
                / 1000.0, age.value(TimeUnit.SECONDS), 1e-9);
    }

    @Test
    void sourceAnEngineAddsAfterBindingIsPublishedAndClosingTheBinderRemovesEverything()
            throws Exception {
        TestNodes nodes = new TestNodes(1);
        a = ResumptionNode.start(nodes.settings(0, s -> s.set("cluster.mode", "none")));
        TlsResumeMeterBinder binder = TlsResumeMeterBinder.bind(a, registry);
        int before = metersOf(a).size();
        LongAdder hits = new LongAdder();
        // As the OpenSSL engine adds its session store's metrics when its first context is made.
        a.metrics().source(EngineCounters.class, () -> new EngineCounters(hits));
        hits.add(4);
        assertEquals(4, registry.get("tlsresume.test.lookups").tags("node",
                a.settings().nodeId(), "result", "hit").functionCounter().count());
        assertEquals(before + 1, metersOf(a).size());

        binder.close();
        assertEquals(List.of(), registry.getMeters());
    }

    @Test
    void aClosedNodeBindsNothing() {
        a = ResumptionNode.start(new TestNodes(1).settings(0, s -> s.set("cluster.mode", "none")));
        TlsResumeMeterBinder binder = new TlsResumeMeterBinder(a);
        a.close();
        a = null;
        binder.bindTo(registry);
        assertEquals(List.of(), registry.getMeters());
    }

    @Test
    void aSecondNodeWithTheSameIdNeitherReadsNorRemovesTheFirstOnesMeters() {
        TestNodes nodes = new TestNodes(1);
        a = ResumptionNode.start(nodes.settings(0, s -> s.set("cluster.mode", "none")));
        b = ResumptionNode.start(nodes.settings(0, s -> s.set("cluster.mode", "none")));
        TlsResumeMeterBinder.bind(a, registry);
        int meters = registry.getMeters().size();
        try (LogCapture log = new LogCapture()) {
            TlsResumeMeterBinder.bind(b, registry);
            assertEquals(1, log.lines().stream().filter(l -> l.startsWith("WARNING")
                    && l.contains(a.settings().nodeId()) && l.contains("tlsresume.nodeId"))
                    .count(), "one warning naming the node and the setting:\n" + log.text());
        }
        assertEquals(meters, registry.getMeters().size(), "B's meters were not registered");
        b.close();
        b = null;
        assertEquals(meters, registry.getMeters().size(), "A's meters stay when B closes");
    }

    /** What an engine might count. */
    record EngineCounters(LongAdder hits) implements MetricSource {
        @Override
        public String group() {
            return "TestEngine";
        }

        @Override
        public List<Metric> metrics() {
            return List.of(Metric.counter("tlsresume.test.lookups", "Hits", "Lookups that hit.",
                    hits::sum).tagged("result", "hit"));
        }
    }
}
