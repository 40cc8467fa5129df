package io.tlsresume.testkit;

import io.tlsresume.core.ring.RingStore;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Collection;
import java.util.Map;
import java.util.concurrent.atomic.AtomicLong;

/**
 * A {@link RingStore} that counts what passes through it: entries and bytes read, entries and
 * bytes written, calls. Keys count too (an epoch is 8 bytes, a side entry its name in UTF-8), as
 * they travel with every value. Used by the ring-scale bench and the test that per-node reads do
 * not grow with the cluster.
 */
public final class CountingRingStore implements RingStore {
    private final RingStore delegate;
    private final AtomicLong calls = new AtomicLong();
    private final AtomicLong entriesRead = new AtomicLong();
    private final AtomicLong bytesRead = new AtomicLong();
    private final AtomicLong entriesWritten = new AtomicLong();
    private final AtomicLong bytesWritten = new AtomicLong();

    /** Counts the calls made to {@code delegate}, which it closes with itself. */
    public CountingRingStore(RingStore delegate) {
        this.delegate = delegate;
    }

    /** A snapshot of the counters. */
    public record Counts(long calls, long entriesRead, long bytesRead, long entriesWritten,
            long bytesWritten) {
        /** This minus {@code earlier}. */
        public Counts minus(Counts earlier) {
            return new Counts(calls - earlier.calls, entriesRead - earlier.entriesRead,
                    bytesRead - earlier.bytesRead, entriesWritten - earlier.entriesWritten,
                    bytesWritten - earlier.bytesWritten);
        }
    }

    /** What went through the store so far. */
    public Counts counts() {
        return new Counts(calls.get(), entriesRead.get(), bytesRead.get(), entriesWritten.get(),
                bytesWritten.get());
    }

    private static int size(String name) {
        return name.getBytes(StandardCharsets.UTF_8).length;
    }

    private void read(int keyBytes, byte[] value) {
        if (value != null) {
            entriesRead.incrementAndGet();
            bytesRead.addAndGet(keyBytes + value.length);
        }
    }

    private void written(int keyBytes, byte[] value) {
        entriesWritten.incrementAndGet();
        bytesWritten.addAndGet(keyBytes + value.length);
    }

    @Override
    public byte[] putIfAbsent(long epoch, byte[] value, Duration timeToLive) {
        calls.incrementAndGet();
        written(Long.BYTES, value);
        byte[] winner = delegate.putIfAbsent(epoch, value, timeToLive);
        if (winner != value) {
            read(Long.BYTES, winner);
        }
        return winner;
    }

    @Override
    public Map<Long, byte[]> read(long from, long to) {
        calls.incrementAndGet();
        Map<Long, byte[]> found = delegate.read(from, to);
        found.values().forEach(value -> read(Long.BYTES, value));
        return found;
    }

    @Override
    public Map<Long, byte[]> readEpochs(Collection<Long> epochs) {
        calls.incrementAndGet();
        Map<Long, byte[]> found = delegate.readEpochs(epochs);
        found.values().forEach(value -> read(Long.BYTES, value));
        return found;
    }

    @Override
    public Map<String, byte[]> readEntries(Collection<String> names) {
        calls.incrementAndGet();
        Map<String, byte[]> found = delegate.readEntries(names);
        found.forEach((name, value) -> read(size(name), value));
        return found;
    }

    @Override
    public boolean trackChanges(ChangeTracker tracker) {
        return delegate.trackChanges(tracker);
    }

    @Override
    public void putEntry(String name, byte[] value, Duration timeToLive) {
        calls.incrementAndGet();
        written(size(name), value);
        delegate.putEntry(name, value, timeToLive);
    }

    @Override
    public byte[] putEntryIfAbsent(String name, byte[] value, Duration timeToLive) {
        calls.incrementAndGet();
        written(size(name), value);
        byte[] winner = delegate.putEntryIfAbsent(name, value, timeToLive);
        if (winner != value) {
            read(size(name), winner);
        }
        return winner;
    }

    @Override
    public Map<String, byte[]> readEntries() {
        calls.incrementAndGet();
        Map<String, byte[]> found = delegate.readEntries();
        found.forEach((name, value) -> read(size(name), value));
        return found;
    }

    @Override
    public byte[] readEntry(String name) {
        calls.incrementAndGet();
        byte[] value = delegate.readEntry(name);
        read(size(name), value);
        return value;
    }

    @Override
    public boolean replaceEntry(String name, byte[] expected, byte[] value, Duration timeToLive) {
        calls.incrementAndGet();
        written(size(name), value);
        return delegate.replaceEntry(name, expected, value, timeToLive);
    }

    @Override
    public void removeEntry(String name) {
        calls.incrementAndGet();
        delegate.removeEntry(name);
    }

    @Override
    public boolean replace(long epoch, byte[] expected, byte[] value, Duration timeToLive) {
        calls.incrementAndGet();
        written(Long.BYTES, value);
        return delegate.replace(epoch, expected, value, timeToLive);
    }

    @Override
    public boolean remove(long epoch, byte[] expected) {
        calls.incrementAndGet();
        return delegate.remove(epoch, expected);
    }

    @Override
    public void onChange(Runnable listener) {
        delegate.onChange(listener);
    }

    @Override
    public int memberCount() {
        return delegate.memberCount();
    }

    @Override
    public String describe() {
        return delegate.describe();
    }

    @Override
    public void close() {
        delegate.close();
    }
}
