package io.tlsresume.core;

import com.hazelcast.map.LocalMapStats;
import io.netty.handler.ssl.OpenSslSessionStats;
import io.tlsresume.core.cluster.HazelcastRingStore;
import io.tlsresume.core.engine.HandshakeObserver;
import io.tlsresume.core.engine.ServerTlsContext;
import io.tlsresume.core.ring.KeyRotator;
import io.tlsresume.core.ring.RingStatus;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.LongAdder;
import java.util.function.ToLongFunction;

/**
 * Per-node counters: handshakes counted per connection by the engines, ticket renewals and
 * decrypt failures summed from BoringSSL's per-context counters, and the ring's state.
 */
public final class NodeMetrics implements NodeMetricsMXBean, HandshakeObserver {
    private final String nodeId;
    private final KeyRotator rotator;
    private final io.tlsresume.core.ring.RingStore store;
    private final LongAdder full = new LongAdder();
    private final LongAdder resumed = new LongAdder();
    private final LongAdder failed = new LongAdder();
    private final List<ServerTlsContext> contexts = new CopyOnWriteArrayList<>();
    // BoringSSL counts per context: keep what released contexts (reloads) had counted.
    private final LongAdder releasedRenewals = new LongAdder();
    private final LongAdder releasedDecryptFailures = new LongAdder();
    private final SessionStoreMetrics sessionStore = new SessionStoreMetrics();

    NodeMetrics(String nodeId, KeyRotator rotator, io.tlsresume.core.ring.RingStore store) {
        this.nodeId = nodeId;
        this.rotator = rotator;
        this.store = store;
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
        (wasResumed ? resumed : full).increment();
    }

    @Override
    public void handshakeFailed() {
        failed.increment();
    }

    @Override
    public String getNodeId() {
        return nodeId;
    }

    @Override
    public long getFullHandshakes() {
        return full.sum();
    }

    @Override
    public long getResumedHandshakes() {
        return resumed.sum();
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
    public int getClusterMembers() {
        return store.memberCount();
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

    /** Counters of the cluster session store (engine=openssl). */
    public SessionStoreMetrics sessionStore() {
        return sessionStore;
    }

    @Override
    public long getSessionStoreHits() {
        return sessionStore.hits();
    }

    @Override
    public long getSessionStoreMisses() {
        return sessionStore.misses();
    }

    @Override
    public long getSessionStoreTimeouts() {
        return sessionStore.timeouts();
    }

    @Override
    public long getSessionStoreUnreadableEntries() {
        return sessionStore.unreadableEntries();
    }

    @Override
    public long getSessionStoreSealFailures() {
        return sessionStore.sealFailures();
    }

    @Override
    public long getSessionStoreEntries() {
        LocalMapStats stats = localSessionStats();
        return stats == null ? -1 : stats.getOwnedEntryCount();
    }

    @Override
    public long getSessionStoreBytes() {
        LocalMapStats stats = localSessionStats();
        return stats == null ? -1 : stats.getOwnedEntryMemoryCost();
    }

    private LocalMapStats localSessionStats() {
        if (!(store instanceof HazelcastRingStore hazelcast)) {
            return null;
        }
        // The OpenSSL engine's session map (its SessionMaps); these getters move there with
        // the metrics sink. A client owns no entries.
        try {
            return hazelcast.hazelcast().getMap("tlsresume-sessions").getLocalMapStats();
        } catch (UnsupportedOperationException e) {
            return null;
        }
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

    private long sumStats(ToLongFunction<OpenSslSessionStats> counter) {
        long sum = 0;
        for (ServerTlsContext context : contexts) {
            sum += counter.applyAsLong(context.stats());
        }
        return sum;
    }

    @Override
    public String toString() {
        return "NodeMetrics[" + nodeId + ": full=" + getFullHandshakes() + ", resumed="
                + getResumedHandshakes() + ", renewed=" + getResumedWithRenewal()
                + ", decryptFailures=" + getTicketDecryptFailures() + ", failed="
                + getFailedHandshakes() + ", ring=" + getRingSize() + ", key="
                + getCurrentKeyFingerprint() + ", members=" + getClusterMembers()
                + (isSealing() ? ", trustedCards=" + getTrustedCards() + ", rejectedCards="
                        + getRejectedCards() + ", rejectedEnvelopes=" + getRejectedEnvelopes()
                        + ", reseals=" + getResealedKeys() : ", sealing off")
                + (isDegraded() ? ", degraded" : "") + "]";
    }
}
