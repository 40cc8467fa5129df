package io.tlsresume.core.metrics;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.tlsresume.core.NodeMetricsMXBean;
import io.tlsresume.core.ResumptionNode;
import io.tlsresume.core.metrics.jmx.JmxExporter;
import io.tlsresume.testkit.NettyTestServer;
import io.tlsresume.testkit.OpenSslClient;
import io.tlsresume.testkit.TestNodes;
import java.lang.management.ManagementFactory;
import java.nio.file.Path;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.atomic.LongAdder;
import javax.management.Descriptor;
import javax.management.InstanceNotFoundException;
import javax.management.JMX;
import javax.management.MBeanAttributeInfo;
import javax.management.MBeanServer;
import javax.management.ObjectName;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * Real handshakes reach the node's metrics sink per protocol, and the JMX exporter publishes
 * the sink's metrics, the node's own and those an engine adds, under the names operators use.
 */
class NodeMetricsOverJmxTest {
    private static final MBeanServer SERVER = ManagementFactory.getPlatformMBeanServer();
    private static ResumptionNode node;
    private static NettyTestServer server;
    private static ObjectName name;

    @BeforeAll
    static void start() throws Exception {
        // A short interval, so that the rotation counter moves within the test.
        node = ResumptionNode.start(new TestNodes(1).settings(0, b -> b
                .set("cluster.mode", "none").set("rotationInterval", "1s")
                .set("ticketLifetime", "10s")));
        server = new NettyTestServer("A", node.newServerContext(List.of()));
        name = JmxExporter.objectName("Node", node.settings().nodeId());
    }

    @AfterAll
    static void stop() {
        server.close();
        node.close();
    }

    /** The sink's count of completed handshakes with these tags. */
    private static long handshakes(String protocol, boolean resumed) {
        Metric metric = node.metrics().metrics().stream()
                .filter(m -> m.name().equals("tlsresume.handshakes")
                        && m.tags().equals(Map.of("resumed", String.valueOf(resumed),
                                "protocol", protocol)))
                .findFirst().orElseThrow();
        return (Long) metric.read();
    }

    @ParameterizedTest
    @CsvSource({"tls1_2, TLSv1.2, TLSv1.3", "tls1_3, TLSv1.3, TLSv1.2"})
    void fullAndResumedHandshakesAreCountedPerProtocol(String client, String protocol,
            String otherProtocol) throws Exception {
        long full = handshakes(protocol, false);
        long resumed = handshakes(protocol, true);
        long otherFull = handshakes(otherProtocol, false);
        long otherResumed = handshakes(otherProtocol, true);
        long jmxFull = (Long) SERVER.getAttribute(name, "FullHandshakes");
        long jmxResumed = (Long) SERVER.getAttribute(name, "ResumedHandshakes");

        Path session = OpenSslClient.sessionFile();
        OpenSslClient.Result first = OpenSslClient.connect(server.port(), client, null, session);
        assertFalse(first.reused(), first.output());
        OpenSslClient.Result second = OpenSslClient.connect(server.port(), client, session,
                null);
        assertTrue(second.reused(), second.output());

        assertEquals(full + 1, handshakes(protocol, false));
        assertEquals(resumed + 1, handshakes(protocol, true));
        assertEquals(otherFull, handshakes(otherProtocol, false));
        assertEquals(otherResumed, handshakes(otherProtocol, true));
        // JMX publishes the sum over protocols under the attribute names operators know.
        assertEquals(jmxFull + 1, SERVER.getAttribute(name, "FullHandshakes"));
        assertEquals(jmxResumed + 1, SERVER.getAttribute(name, "ResumedHandshakes"));
        assertEquals(node.metrics().getFullHandshakes(), SERVER.getAttribute(name,
                "FullHandshakes"));
    }

    @Test
    void everyNodeMetricIsAnAttributeOfTheNodeMBean() throws Exception {
        Set<String> published = new HashSet<>();
        for (MBeanAttributeInfo info : SERVER.getMBeanInfo(name).getAttributes()) {
            published.add(info.getName());
            assertFalse(info.isWritable(), info.getName());
            Descriptor descriptor = info.getDescriptor();
            assertTrue(Set.of("counter", "gauge").contains(
                    (String) descriptor.getFieldValue("metricType")), info.getName());
        }
        for (Metric metric : node.metrics().metrics()) {
            assertTrue(published.contains(metric.attribute()), metric.attribute());
            Object value = SERVER.getAttribute(name, metric.attribute());
            assertEquals(metric.type(), value.getClass(), metric.attribute());
        }
        // The names the docs, the demo checker and bench read.
        assertTrue(published.containsAll(Set.of("NodeId", "FullHandshakes", "ResumedHandshakes",
                "FailedHandshakes", "ResumedWithRenewal", "TicketDecryptFailures", "RingSize",
                "CurrentKeyFingerprint", "LastRotation", "Rotations", "ClusterMembers",
                "Degraded", "DegradedReason", "RejectedRingEntries", "Sealing", "TrustedCards",
                "RejectedCards", "RejectedEnvelopes", "ResealedKeys")), published.toString());
        assertFalse(published.stream().anyMatch(a -> a.startsWith("SessionStore")),
                "engine=openssl metrics are the OpenSSL engine's own MBean");
    }

    @Test
    void typedProxyReadsTheNodeMBean() throws Exception {
        NodeMetricsMXBean proxy = JMX.newMXBeanProxy(SERVER, name, NodeMetricsMXBean.class);
        assertEquals(node.settings().nodeId(), proxy.getNodeId());
        assertEquals(node.metrics().getCurrentKeyFingerprint(), proxy.getCurrentKeyFingerprint());
        assertTrue(proxy.getCurrentKeyFingerprint().matches("[0-9a-f]{8}"));
        assertTrue(proxy.getRingSize() >= 2, "current + next");
        assertEquals(1, proxy.getClusterMembers());
        assertFalse(proxy.isDegraded(), proxy.getDegradedReason());
        assertEquals(node.metrics().isSealing(), proxy.isSealing());
        assertEquals(node.metrics().getTrustedCards(), proxy.getTrustedCards());
        assertTrue(proxy.getFullHandshakes() >= 0 && proxy.getFailedHandshakes() >= 0
                && proxy.getResumedWithRenewal() >= 0 && proxy.getTicketDecryptFailures() >= 0
                && proxy.getRejectedRingEntries() >= 0 && proxy.getRejectedCards() >= 0
                && proxy.getRejectedEnvelopes() >= 0 && proxy.getResealedKeys() >= 0);
    }

    @Test
    void rotationsAreCounted() throws Exception {
        NodeMetricsMXBean proxy = JMX.newMXBeanProxy(SERVER, name, NodeMetricsMXBean.class);
        long before = proxy.getRotations();
        String key = proxy.getCurrentKeyFingerprint();
        // Bounded wait for the 1 s interval to hand encryption to the next key.
        for (int i = 0; i < 50 && proxy.getCurrentKeyFingerprint().equals(key); i++) {
            Thread.sleep(100);
        }
        assertFalse(proxy.getCurrentKeyFingerprint().equals(key), "no rotation in 5 s");
        assertTrue(proxy.getRotations() > before, "rotations " + proxy.getRotations());
        assertFalse(proxy.getLastRotation().isEmpty());
    }

    @Test
    void sourceAnEngineAddsIsPublishedAsItsOwnMBeanUntilTheNodeCloses() throws Exception {
        ResumptionNode other = ResumptionNode.start(new TestNodes(1).settings(0,
                b -> b.set("cluster.mode", "none")));
        ObjectName engine = JmxExporter.objectName("TestEngine", other.settings().nodeId());
        try {
            LongAdder lookups = new LongAdder();
            EngineCounters added = other.metrics().source(EngineCounters.class,
                    () -> new EngineCounters(lookups));
            assertEquals(added, other.metrics().source(EngineCounters.class,
                    () -> new EngineCounters(new LongAdder())), "one per node");
            lookups.add(3);
            // One attribute for two tagged metrics: their sum.
            assertEquals(6L, SERVER.getAttribute(engine, "Lookups"));
            assertEquals(List.of("Node", "TestEngine"), other.metrics().sources().stream()
                    .map(MetricSource::group).toList());
            assertThrows(IllegalArgumentException.class, () -> other.metrics().source(
                    SameGroup.class, SameGroup::new));
        } finally {
            other.close();
        }
        assertThrows(InstanceNotFoundException.class, () -> SERVER.getMBeanInfo(engine));
        assertThrows(InstanceNotFoundException.class, () -> SERVER.getMBeanInfo(
                JmxExporter.objectName("Node", other.settings().nodeId())));
    }

    /** What an engine might count: lookups tagged by result. */
    record EngineCounters(LongAdder lookups) implements MetricSource {
        @Override
        public String group() {
            return "TestEngine";
        }

        @Override
        public List<Metric> metrics() {
            return List.of(
                    Metric.counter("test.lookups", "Lookups", "Lookups.", lookups::sum)
                            .tagged("result", "hit"),
                    Metric.counter("test.lookups", "Lookups", "Lookups.", lookups::sum)
                            .tagged("result", "miss"));
        }
    }

    /** A second source claiming the same group. */
    record SameGroup() implements MetricSource {
        @Override
        public String group() {
            return "TestEngine";
        }

        @Override
        public List<Metric> metrics() {
            return List.of();
        }
    }
}
