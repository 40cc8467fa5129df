package io.tlsresume.core.ring;

import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * A ring store that lives in this JVM only: a node using it shares its keys with nobody. This is
 * cluster mode {@code none}, the baseline against which cluster-wide resumption is measured.
 * Expired values are dropped by the rotator's retirement of old epochs, so no TTL is kept here.
 */
public final class LocalRingStore implements RingStore {
    private final Map<Long, byte[]> values = new ConcurrentHashMap<>();
    private final Map<String, byte[]> entries = new ConcurrentHashMap<>();

    @Override
    public byte[] putIfAbsent(long epoch, byte[] value, Duration timeToLive) {
        byte[] previous = values.putIfAbsent(epoch, value.clone());
        return previous == null ? value : previous.clone();
    }

    @Override
    public Map<Long, byte[]> read(long from, long to) {
        values.keySet().removeIf(epoch -> epoch < from);
        Map<Long, byte[]> found = new HashMap<>();
        values.forEach((epoch, value) -> {
            if (epoch <= to) {
                found.put(epoch, value.clone());
            }
        });
        return found;
    }

    @Override
    public void putEntry(String name, byte[] value, Duration timeToLive) {
        entries.put(name, value.clone());
    }

    @Override
    public byte[] putEntryIfAbsent(String name, byte[] value, Duration timeToLive) {
        byte[] previous = entries.putIfAbsent(name, value.clone());
        return previous == null ? value : previous.clone();
    }

    @Override
    public Map<String, byte[]> readEntries() {
        // Nobody else reads these; only this node's own card and re-seals would be here.
        Map<String, byte[]> found = new HashMap<>();
        entries.forEach((name, value) -> found.put(name, value.clone()));
        return found;
    }

    @Override
    public byte[] readEntry(String name) {
        byte[] value = entries.get(name);
        return value == null ? null : value.clone();
    }

    @Override
    public boolean replaceEntry(String name, byte[] expected, byte[] value, Duration timeToLive) {
        return replaceIfEqual(entries, name, expected, value);
    }

    @Override
    public void removeEntry(String name) {
        entries.remove(name);
    }

    @Override
    public boolean replace(long epoch, byte[] expected, byte[] value, Duration timeToLive) {
        return replaceIfEqual(values, epoch, expected, value);
    }

    @Override
    public boolean remove(long epoch, byte[] expected) {
        boolean[] removed = {false};
        values.computeIfPresent(epoch, (key, current) -> {
            removed[0] = java.util.Arrays.equals(current, expected);
            return removed[0] ? null : current;
        });
        return removed[0];
    }

    /** Compares contents, as Hazelcast compares serialized values. */
    private static <K> boolean replaceIfEqual(Map<K, byte[]> map, K key, byte[] expected,
            byte[] value) {
        boolean[] replaced = {false};
        map.computeIfPresent(key, (k, current) -> {
            replaced[0] = java.util.Arrays.equals(current, expected);
            return replaced[0] ? value.clone() : current;
        });
        return replaced[0];
    }

    @Override
    public void onChange(Runnable listener) {
        // Nobody else writes here.
    }

    @Override
    public int memberCount() {
        return 1;
    }

    @Override
    public String describe() {
        return "local ring (not shared)";
    }

    @Override
    public void close() {
        values.values().forEach(value -> java.util.Arrays.fill(value, (byte) 0));
        values.clear();
        entries.clear();
    }
}
