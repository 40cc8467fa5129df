package io.tlsresume.openssl;

import com.hazelcast.map.LocalMapStats;
import io.tlsresume.core.ResumptionNode;
import io.tlsresume.core.metrics.Metric;
import io.tlsresume.core.metrics.MetricSource;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.LongAdder;
import java.util.function.Supplier;

/**
 * What the OpenSSL engine reports for one node, published over JMX as
 * {@code io.tlsresume:type=OpenSsl,name=<nodeId>}: the cluster session store's counters,
 * updated from handshake threads (a lookup ends in exactly one of hit, miss, timeout or
 * unreadable entry; a new session in exactly one of written, dropped or seal failure), and
 * failures caught in OpenSSL's callbacks.
 */
final class OpenSslMetrics implements MetricSource {
    /** An OpenSSL callback tlsresume installs, as named in its metrics and logs. */
    enum Callback {
        NEW_SESSION("new_session", "SessionStoreUpcallFaults"),
        GET_SESSION("get_session", "SessionStoreUpcallFaults"),
        TICKET_KEY("ticket_key", "TicketKeyUpcallFaults");

        final String tag;
        final String attribute;

        Callback(String tag, String attribute) {
            this.tag = tag;
            this.attribute = attribute;
        }
    }

    private final LongAdder hits = new LongAdder();
    private final LongAdder misses = new LongAdder();
    private final LongAdder timeouts = new LongAdder();
    private final LongAdder unreadable = new LongAdder();
    private final LongAdder sealFailures = new LongAdder();
    private final LongAdder writes = new LongAdder();
    private final LongAdder writesDropped = new LongAdder();
    private final LongAdder[] faults = new LongAdder[Callback.values().length];
    private final Supplier<LocalMapStats> localStats;
    private final List<Metric> metrics;

    /** @param localStats this member's share of the session map, or {@code null} for none */
    private OpenSslMetrics(Supplier<LocalMapStats> localStats) {
        this.localStats = localStats;
        for (int i = 0; i < faults.length; i++) {
            faults[i] = new LongAdder();
        }
        String lookups = "tlsresume.openssl.session.store.lookups";
        String stores = "tlsresume.openssl.session.store.writes";
        List<Metric> all = new ArrayList<>(List.of(
                Metric.counter(lookups, "SessionStoreHits",
                        "Session lookups answered from the cluster store.", this::hits)
                        .tagged("result", "hit"),
                Metric.counter(lookups, "SessionStoreMisses",
                        "Session lookups that found nothing or failed fast (full handshake).",
                        this::misses).tagged("result", "miss"),
                Metric.counter(lookups, "SessionStoreTimeouts",
                        "Session lookups over sessionStore.timeout (full handshake).",
                        this::timeouts).tagged("result", "timeout"),
                Metric.counter(lookups, "SessionStoreUnreadableEntries",
                        "Entries found that could not be opened (corrupt, foreign, retired"
                                + " key): full handshake.", this::unreadableEntries)
                        .tagged("result", "unreadable"),
                Metric.counter(stores, "SessionStoreWrites",
                        "New sessions sealed and handed to the cluster store.", this::writes)
                        .tagged("result", "written"),
                Metric.counter(stores, "SessionStoreDroppedWrites",
                        "New sessions not stored because " + ClusterSessionCache
                                .MAX_PENDING_WRITES + " writes were still pending (store slow"
                                + " or hung): they resume on no other node.",
                        this::writesDropped).tagged("result", "dropped"),
                Metric.counter(stores, "SessionStoreSealFailures",
                        "New sessions that could not be sealed (no ring key yet) and were not"
                                + " stored.", this::sealFailures)
                        .tagged("result", "seal_failure"),
                Metric.longGauge("tlsresume.openssl.session.store.entries",
                        "SessionStoreEntries", "Session entries owned by this member; -1 when"
                                + " not a member.", this::entries),
                Metric.longGauge("tlsresume.openssl.session.store.bytes", "SessionStoreBytes",
                        "Memory of the session entries owned by this member; -1 when unknown.",
                        this::bytes)));
        for (Callback callback : Callback.values()) {
            all.add(Metric.counter("tlsresume.openssl.upcall.faults", callback.attribute,
                    callback == Callback.TICKET_KEY
                            ? "Failures caught in the ticket-key callback (no ticket issued, or"
                                    + " a full handshake)."
                            : "Failures caught in the session store callbacks (session not"
                                    + " stored, or a full handshake).",
                    () -> faults(callback)).tagged("callback", callback.tag));
        }
        this.metrics = List.copyOf(all);
    }

    /** The engine's metrics of {@code node}, added to its sink the first time. */
    static OpenSslMetrics of(ResumptionNode node) {
        return node.metrics().source(OpenSslMetrics.class,
                () -> new OpenSslMetrics(() -> sessionMapStats(node)));
    }

    private static LocalMapStats sessionMapStats(ResumptionNode node) {
        return OpenSslSettings.of(node.settings()).sessionStore()
                ? node.hazelcast().map(SessionMaps::localStats).orElse(null) : null;
    }

    @Override
    public String group() {
        return "OpenSsl";
    }

    @Override
    public List<Metric> metrics() {
        return metrics;
    }

    /** A lookup found and opened a session. */
    void hit() {
        hits.increment();
    }

    /** A lookup found nothing, or failed fast (store down, callback fault). */
    void miss() {
        misses.increment();
    }

    /** A lookup did not answer within {@code sessionStore.timeout}. */
    void timeout() {
        timeouts.increment();
    }

    /** A found entry could not be opened: corrupt, foreign, or sealed under a retired key. */
    void unreadable() {
        unreadable.increment();
    }

    /** A new session could not be sealed or serialized (e.g. no ring key yet): not stored. */
    void sealFailure() {
        sealFailures.increment();
    }

    /** A sealed session was handed to the store. */
    void written() {
        writes.increment();
    }

    /** A new session was not stored because too many writes were still pending. */
    void writeDropped() {
        writesDropped.increment();
    }

    /** A failure was caught inside {@code callback} (and answered as "no session/ticket"). */
    void fault(Callback callback) {
        faults[callback.ordinal()].increment();
    }

    long hits() {
        return hits.sum();
    }

    long misses() {
        return misses.sum();
    }

    long timeouts() {
        return timeouts.sum();
    }

    long unreadableEntries() {
        return unreadable.sum();
    }

    long sealFailures() {
        return sealFailures.sum();
    }

    long writes() {
        return writes.sum();
    }

    long writesDropped() {
        return writesDropped.sum();
    }

    long faults(Callback callback) {
        return faults[callback.ordinal()].sum();
    }

    long entries() {
        LocalMapStats stats = localStats.get();
        return stats == null ? -1 : stats.getOwnedEntryCount();
    }

    long bytes() {
        LocalMapStats stats = localStats.get();
        return stats == null ? -1 : stats.getOwnedEntryMemoryCost();
    }

    @Override
    public String toString() {
        return "OpenSslMetrics[hits=" + hits() + ", misses=" + misses() + ", timeouts="
                + timeouts() + ", unreadable=" + unreadableEntries() + ", sealFailures="
                + sealFailures() + ", writes=" + writes() + ", dropped=" + writesDropped()
                + ", storeFaults=" + (faults(Callback.NEW_SESSION) + faults(Callback.GET_SESSION))
                + ", ticketKeyFaults=" + faults(Callback.TICKET_KEY) + "]";
    }
}
