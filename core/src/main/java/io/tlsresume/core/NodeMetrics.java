package io.tlsresume.core;

import io.netty.handler.ssl.OpenSslSessionStats;
import io.tlsresume.core.engine.ServerTlsContext;
import io.tlsresume.core.metrics.Metric;
import io.tlsresume.core.metrics.MetricSource;
import io.tlsresume.core.metrics.MetricsSink;
import io.tlsresume.core.metrics.Operation;
import io.tlsresume.core.ring.KeyRotator;
import io.tlsresume.core.ring.RingKey;
import io.tlsresume.core.ring.RingStatus;
import io.tlsresume.core.ring.RingStore;
import io.tlsresume.core.ring.TicketKey;
import io.tlsresume.core.ring.TicketKeyInstaller;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.LongAdder;
import java.util.function.Consumer;
import java.util.function.Supplier;
import java.util.function.ToLongFunction;

/**
 * A node's {@link MetricsSink}: handshakes counted per connection and protocol by the engines,
 * ticket renewals and decrypt failures summed from BoringSSL's per-context counters, the ring's
 * and sealing's state, and the sources engines add. Its own metrics are the {@code Node} source
 * ({@link #metrics()}); the getters of {@link NodeMetricsMXBean} read the same values.
 */
public final class NodeMetrics implements MetricsSink, MetricSource, NodeMetricsMXBean {
    /** Protocols the engines negotiate ({@link ServerTlsContext#PROTOCOLS}); others: "other". */
    private static final List<String> PROTOCOLS = List.of("TLSv1.2", "TLSv1.3");
    private static final String OTHER_PROTOCOL = "other";

    private final String nodeId;
    private final KeyRotator rotator;
    private final RingStore store;
    // Per protocol: [0] full, [1] resumed.
    private final Map<String, LongAdder[]> handshakes;
    private final LongAdder failed = new LongAdder();
    private final LongAdder rotations = new LongAdder();
    private final List<ServerTlsContext> contexts = new CopyOnWriteArrayList<>();
    // BoringSSL counts per context: keep what released contexts (reloads) had counted.
    private final LongAdder releasedRenewals = new LongAdder();
    private final LongAdder releasedDecryptFailures = new LongAdder();
    private final List<Metric> metrics;
    private final List<Operation> operations;
    private final List<MetricSource> sources = new CopyOnWriteArrayList<>();
    private final List<Consumer<? super MetricSource>> exporters = new ArrayList<>();

    NodeMetrics(String nodeId, KeyRotator rotator, RingStore store) {
        this.nodeId = nodeId;
        this.rotator = rotator;
        this.store = store;
        Map<String, LongAdder[]> counts = new LinkedHashMap<>();
        for (String protocol : PROTOCOLS) {
            counts.put(protocol, new LongAdder[] {new LongAdder(), new LongAdder()});
        }
        counts.put(OTHER_PROTOCOL, new LongAdder[] {new LongAdder(), new LongAdder()});
        this.handshakes = Map.copyOf(counts);
        this.metrics = describe(counts.keySet());
        this.operations = describeOperations();
        sources.add(this);
        rotator.register(new RotationCounter());
    }

    private List<Metric> describe(Iterable<String> protocols) {
        List<Metric> all = new ArrayList<>();
        all.add(Metric.text("tlsresume.node", "NodeId", "This node's id (nodeId).",
                () -> nodeId));
        for (boolean resumed : new boolean[] {false, true}) {
            for (String protocol : protocols) {
                LongAdder count = handshakes.get(protocol)[resumed ? 1 : 0];
                all.add(Metric.counter("tlsresume.handshakes",
                        resumed ? "ResumedHandshakes" : "FullHandshakes", resumed
                                ? "Completed handshakes that resumed a session (ticket or"
                                        + " session id)."
                                : "Completed handshakes that created a new session.",
                        count::sum).tagged("resumed", String.valueOf(resumed))
                        .tagged("protocol", protocol));
            }
        }
        all.add(Metric.counter("tlsresume.handshakes.failed", "FailedHandshakes",
                "Handshakes that failed before completing.", this::getFailedHandshakes));
        all.add(Metric.counter("tlsresume.tickets.renewed", "ResumedWithRenewal",
                "Resumptions with a ticket under an older key, answered with a renewed ticket.",
                this::getResumedWithRenewal));
        all.add(Metric.counter("tlsresume.tickets.decrypt.failures", "TicketDecryptFailures",
                "Tickets no key in the ring could decrypt (unknown key name, tampering): full"
                        + " handshakes.", this::getTicketDecryptFailures));
        all.add(Metric.gauge("tlsresume.ring.size", "RingSize",
                "Keys in the ring (encrypting, upcoming and decrypt-only).", this::getRingSize));
        all.add(Metric.text("tlsresume.ring.current.key", "CurrentKeyFingerprint",
                "Fingerprint of the encrypting key (SHA-256 of its name, never key bytes).",
                this::getCurrentKeyFingerprint));
        all.add(Metric.text("tlsresume.ring.last.rotation", "LastRotation",
                "When the encrypting key last changed (ISO-8601), or empty.",
                this::getLastRotation));
        all.add(Metric.counter("tlsresume.ring.rotations", "Rotations",
                "Times the encrypting key was replaced by another one since the node started.",
                this::getRotations));
        all.add(Metric.counter("tlsresume.ring.rejected.entries", "RejectedRingEntries",
                "Store entries ignored because they were not readable keys.",
                this::getRejectedRingEntries));
        all.add(Metric.gauge("tlsresume.cluster.members", "ClusterMembers",
                "Hazelcast members this node sees.", this::getClusterMembers));
        all.add(Metric.longGauge("tlsresume.cluster.clock.offset", "ClockOffsetMillis",
                "This node's wall clock minus the cluster's, in milliseconds (a second or more:"
                        + " sessions cross between nodes only after that long).",
                this::getClockOffsetMillis));
        all.add(Metric.flag("tlsresume.degraded", "Degraded",
                "Whether this node serves with keys the cluster may not share.",
                this::isDegraded));
        all.add(Metric.text("tlsresume.degraded.reason", "DegradedReason",
                "Why the node is degraded, or empty.", this::getDegradedReason));
        all.add(Metric.flag("tlsresume.sealing", "Sealing",
                "Whether ring keys are sealed in the cluster store (sealing=on).",
                this::isSealing));
        all.add(Metric.gauge("tlsresume.sealing.trusted.cards", "TrustedCards",
                "Membership cards accepted at the last tick, this node's own included.",
                this::getTrustedCards));
        all.add(Metric.counter("tlsresume.sealing.rejected.cards", "RejectedCards",
                "Distinct membership cards ignored: unsigned, badly signed, untrusted or"
                        + " replayed.", this::getRejectedCards));
        all.add(Metric.counter("tlsresume.sealing.rejected.envelopes", "RejectedEnvelopes",
                "Distinct envelopes and re-seals ignored: unsigned, badly signed, untrusted,"
                        + " replayed into another epoch, or not opening.",
                this::getRejectedEnvelopes));
        all.add(Metric.counter("tlsresume.sealing.resealed.keys", "ResealedKeys",
                "Keys this node re-sealed for nodes that joined after the key was made.",
                this::getResealedKeys));
        return List.copyOf(all);
    }

    void track(ServerTlsContext context) {
        contexts.add(context);
    }

    void untrack(ServerTlsContext context) {
        if (contexts.remove(context)) {
            releasedRenewals.add(context.stats().ticketKeyRenew());
            releasedDecryptFailures.add(context.stats().ticketKeyFail());
        }
    }

    @Override
    public void handshakeCompleted(boolean wasResumed, String protocol) {
        LongAdder[] counts = handshakes.get(protocol);
        (counts == null ? handshakes.get(OTHER_PROTOCOL) : counts)[wasResumed ? 1 : 0]
                .increment();
    }

    @Override
    public void handshakeFailed() {
        failed.increment();
    }

    @Override
    public String group() {
        return "Node";
    }

    @Override
    public List<Metric> metrics() {
        return metrics;
    }

    /** The key operations, published as the node MBean's operations. */
    @Override
    public List<Operation> operations() {
        return operations;
    }

    private List<Operation> describeOperations() {
        Map<String, Class<?>> columns = new LinkedHashMap<>();
        columns.put("epoch", Long.class);
        columns.put("fingerprint", String.class);
        columns.put("state", String.class);
        columns.put("encryptsFrom", String.class);
        columns.put("expires", String.class);
        return List.of(
                Operation.table("ringKeys", "Each key this node holds: epoch, fingerprint,"
                        + " state (encrypting, next, decrypting), when its epoch starts, when it"
                        + " expires. Never key bytes.", columns, this::ringKeyRows),
                Operation.text("rotateNow", "A new key encrypts on every node within one tick;"
                        + " older keys decrypt until their tickets expire. Returns the new key's"
                        + " fingerprint.", true, this::rotateNow),
                Operation.text("revokeAll", "After a suspected leak: every key on every node"
                        + " and in the store is dropped and a fresh key encrypts; older tickets"
                        + " get a full handshake. Returns the new key's fingerprint.", true,
                        this::revokeAll));
    }

    private List<Map<String, Object>> ringKeyRows() {
        List<Map<String, Object>> rows = new ArrayList<>();
        for (RingKey key : ringKeys()) {
            Map<String, Object> row = new LinkedHashMap<>();
            row.put("epoch", key.epoch());
            row.put("fingerprint", key.fingerprint());
            row.put("state", key.state());
            row.put("encryptsFrom", key.encryptsFrom());
            row.put("expires", key.expires());
            rows.add(row);
        }
        return rows;
    }

    @Override
    public synchronized <S extends MetricSource> S source(Class<S> type,
            Supplier<? extends S> factory) {
        for (MetricSource source : sources) {
            if (type.isInstance(source)) {
                return type.cast(source);
            }
        }
        S added = factory.get();
        for (MetricSource source : sources) {
            if (source.group().equals(added.group())) {
                throw new IllegalArgumentException("node " + nodeId + " already has metrics "
                        + added.group());
            }
        }
        sources.add(added);
        for (Consumer<? super MetricSource> exporter : exporters) {
            exporter.accept(added);
        }
        return added;
    }

    @Override
    public List<MetricSource> sources() {
        return List.copyOf(sources);
    }

    @Override
    public synchronized void subscribe(Consumer<? super MetricSource> exporter) {
        exporters.add(exporter);
        sources.forEach(exporter);
    }

    @Override
    public synchronized void unsubscribe(Consumer<? super MetricSource> exporter) {
        exporters.remove(exporter);
    }

    @Override
    public String getNodeId() {
        return nodeId;
    }

    @Override
    public String nodeId() {
        return nodeId;
    }

    private long sumHandshakes(int index) {
        long sum = 0;
        for (LongAdder[] counts : handshakes.values()) {
            sum += counts[index].sum();
        }
        return sum;
    }

    @Override
    public long getFullHandshakes() {
        return sumHandshakes(0);
    }

    @Override
    public long getResumedHandshakes() {
        return sumHandshakes(1);
    }

    @Override
    public long getFailedHandshakes() {
        return failed.sum();
    }

    @Override
    public long getResumedWithRenewal() {
        return releasedRenewals.sum() + sumStats(OpenSslSessionStats::ticketKeyRenew);
    }

    @Override
    public long getTicketDecryptFailures() {
        return releasedDecryptFailures.sum() + sumStats(OpenSslSessionStats::ticketKeyFail);
    }

    @Override
    public int getRingSize() {
        return rotator.status().size();
    }

    @Override
    public String getCurrentKeyFingerprint() {
        return rotator.status().currentFingerprint();
    }

    @Override
    public String getLastRotation() {
        RingStatus status = rotator.status();
        return status.lastRotation() == null ? "" : status.lastRotation().toString();
    }

    @Override
    public long getRotations() {
        return rotations.sum();
    }

    @Override
    public int getClusterMembers() {
        return store.memberCount();
    }

    @Override
    public long getClockOffsetMillis() {
        return store.clockOffsetMillis();
    }

    @Override
    public boolean isDegraded() {
        return rotator.status().degraded();
    }

    @Override
    public String getDegradedReason() {
        return rotator.status().degradedReason();
    }

    @Override
    public long getRejectedRingEntries() {
        return rotator.status().rejectedEntries();
    }

    @Override
    public boolean isSealing() {
        return rotator.sealingStatus().sealing();
    }

    @Override
    public int getTrustedCards() {
        return rotator.sealingStatus().trustedCards();
    }

    @Override
    public long getRejectedCards() {
        return rotator.sealingStatus().rejectedCards();
    }

    @Override
    public long getRejectedEnvelopes() {
        return rotator.sealingStatus().rejectedEnvelopes();
    }

    @Override
    public long getResealedKeys() {
        return rotator.sealingStatus().reseals();
    }

    @Override
    public List<RingKey> ringKeys() {
        return rotator.ringKeys();
    }

    @Override
    public String rotateNow() {
        return rotateNow(JmxCaller.describe()).fingerprint();
    }

    @Override
    public String revokeAll() {
        return revokeAll(JmxCaller.describe()).fingerprint();
    }

    /** {@link KeyRotator#rotateNow}, logged as asked by {@code caller} on this node. */
    RingKey rotateNow(String caller) {
        return rotator.rotateNow(caller + " on node " + nodeId);
    }

    /** {@link KeyRotator#revokeAll}, logged as asked by {@code caller} on this node. */
    RingKey revokeAll(String caller) {
        return rotator.revokeAll(caller + " on node " + nodeId);
    }

    private long sumStats(ToLongFunction<OpenSslSessionStats> counter) {
        long sum = 0;
        for (ServerTlsContext context : contexts) {
            sum += counter.applyAsLong(context.stats());
        }
        return sum;
    }

    /**
     * Counts changes of the encrypting key. It follows the ring like an engine context but keeps
     * only the key's fingerprint, never the key.
     */
    private final class RotationCounter implements TicketKeyInstaller {
        private String encrypting;

        @Override
        public synchronized void install(List<TicketKey> keys) {
            String fingerprint = keys.get(0).fingerprint();
            if (encrypting != null && !encrypting.equals(fingerprint)) {
                rotations.increment();
            }
            encrypting = fingerprint;
        }
    }

    @Override
    public String toString() {
        return "NodeMetrics[" + nodeId + ": full=" + getFullHandshakes() + ", resumed="
                + getResumedHandshakes() + ", renewed=" + getResumedWithRenewal()
                + ", decryptFailures=" + getTicketDecryptFailures() + ", failed="
                + getFailedHandshakes() + ", ring=" + getRingSize() + ", key="
                + getCurrentKeyFingerprint() + ", rotations=" + getRotations() + ", members="
                + getClusterMembers()
                + (isSealing() ? ", trustedCards=" + getTrustedCards() + ", rejectedCards="
                        + getRejectedCards() + ", rejectedEnvelopes=" + getRejectedEnvelopes()
                        + ", reseals=" + getResealedKeys() : ", sealing off")
                + (isDegraded() ? ", degraded" : "") + "]";
    }
}
