package io.tlsresume.core;

import java.util.concurrent.atomic.LongAdder;

/**
 * Counters of the cluster session store (engine=openssl), updated from handshake threads. A
 * lookup ends in exactly one of hit, miss, timeout or unreadable entry.
 */
public final class SessionStoreMetrics {
    private final LongAdder hits = new LongAdder();
    private final LongAdder misses = new LongAdder();
    private final LongAdder timeouts = new LongAdder();
    private final LongAdder unreadable = new LongAdder();
    private final LongAdder sealFailures = new LongAdder();
    private final LongAdder writes = new LongAdder();
    private final LongAdder writesDropped = new LongAdder();

    /** A lookup found and opened a session. */
    public void hit() {
        hits.increment();
    }

    /** A lookup found nothing, or failed fast (store down, callback fault). */
    public void miss() {
        misses.increment();
    }

    /** A lookup did not answer within {@code sessionStore.timeout}. */
    public void timeout() {
        timeouts.increment();
    }

    /** A found entry could not be opened: corrupt, foreign, or sealed under a retired key. */
    public void unreadable() {
        unreadable.increment();
    }

    /** A new session could not be sealed or serialized (e.g. no ring key yet): not stored. */
    public void sealFailure() {
        sealFailures.increment();
    }

    /** A sealed session was handed to the store. */
    public void written() {
        writes.increment();
    }

    /** A new session was not stored because too many writes were still pending. */
    public void writeDropped() {
        writesDropped.increment();
    }

    /** Lookups that resumed a session from the store. */
    public long hits() {
        return hits.sum();
    }

    /** Lookups that found nothing or failed fast. */
    public long misses() {
        return misses.sum();
    }

    /** Lookups abandoned at the bound. */
    public long timeouts() {
        return timeouts.sum();
    }

    /** Entries found but not openable. */
    public long unreadableEntries() {
        return unreadable.sum();
    }

    /** New sessions that could not be sealed. */
    public long sealFailures() {
        return sealFailures.sum();
    }

    /** Sealed sessions handed to the store. */
    public long writes() {
        return writes.sum();
    }

    /** New sessions dropped because too many writes were pending. */
    public long writesDropped() {
        return writesDropped.sum();
    }

    @Override
    public String toString() {
        return "SessionStoreMetrics[hits=" + hits() + ", misses=" + misses() + ", timeouts="
                + timeouts() + ", unreadable=" + unreadableEntries() + ", sealFailures="
                + sealFailures() + ", writes=" + writes() + ", dropped=" + writesDropped() + "]";
    }
}
