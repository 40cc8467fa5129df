package io.tlsresume.core.ring;

import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;
import java.util.TreeMap;

/**
 * This node's copy of the key ring: at most one <em>adopted</em> key per epoch (the one the
 * cluster agreed on, or a local one while the cluster is unreachable) plus <em>orphans</em>:
 * keys that were replaced by the cluster's choice for their epoch but may still have issued
 * tickets, so they keep decrypting until they retire.
 *
 * <p>Not thread-safe: owned by the {@link KeyRotator}'s single thread.
 */
final class KeyRing {
    private final RotationSchedule schedule;
    private final TreeMap<Long, Entry> adopted = new TreeMap<>();
    private final List<TicketKey> orphans = new ArrayList<>();

    /** A key and whether the cluster store holds it. */
    record Entry(TicketKey key, boolean published) { }

    KeyRing(RotationSchedule schedule) {
        this.schedule = schedule;
    }

    /**
     * Adopts {@code key} as the cluster's key for its epoch.
     *
     * @return whether the ring changed
     */
    boolean adopt(TicketKey key, boolean published) {
        Entry existing = adopted.get(key.epoch());
        if (existing != null && existing.key().sameKeyAs(key)) {
            if (published && !existing.published()) {
                adopted.put(key.epoch(), new Entry(existing.key(), true));
            }
            if (key != existing.key()) {
                key.destroy();
            }
            return false;
        }
        if (existing != null) {
            orphans.add(existing.key());
        }
        adopted.put(key.epoch(), new Entry(key, published));
        return true;
    }

    /** The adopted key for {@code epoch}, if any. */
    Optional<Entry> adoptedFor(long epoch) {
        return Optional.ofNullable(adopted.get(epoch));
    }

    /**
     * Removes and destroys keys that can no longer decrypt a valid ticket.
     *
     * @return the fingerprints of the removed keys
     */
    List<String> expire(Instant now) {
        List<String> removed = new ArrayList<>();
        adopted.values().removeIf(entry -> retireIfDue(entry.key(), now, removed));
        orphans.removeIf(key -> retireIfDue(key, now, removed));
        return removed;
    }

    private boolean retireIfDue(TicketKey key, Instant now, List<String> removed) {
        if (!schedule.isRetired(key.epoch(), now)) {
            return false;
        }
        removed.add(key.fingerprint());
        key.destroy();
        return true;
    }

    /**
     * The keys in the order an engine wants them: the encrypting key first (the adopted key of the
     * newest epoch not after {@code currentEpoch}), then every other key, newest epoch first.
     * Empty if the ring is empty.
     */
    List<TicketKey> installOrder(long currentEpoch) {
        List<TicketKey> ordered = new ArrayList<>();
        var encrypting = adopted.floorEntry(currentEpoch);
        if (encrypting == null) {
            encrypting = adopted.ceilingEntry(currentEpoch);
        }
        if (encrypting != null) {
            ordered.add(encrypting.getValue().key());
        }
        List<TicketKey> rest = new ArrayList<>();
        adopted.values().forEach(entry -> rest.add(entry.key()));
        rest.addAll(orphans);
        rest.sort(Comparator.comparingLong(TicketKey::epoch).reversed());
        for (TicketKey key : rest) {
            if (ordered.isEmpty() || key != ordered.get(0)) {
                ordered.add(key);
            }
        }
        return ordered;
    }

    /**
     * The keys as operators see them ({@code ringKeys}), in {@link #installOrder} order: the
     * encrypting key first. No key bytes.
     */
    List<RingKey> describe(long currentEpoch) {
        List<TicketKey> order = installOrder(currentEpoch);
        List<RingKey> keys = new ArrayList<>(order.size());
        for (int i = 0; i < order.size(); i++) {
            TicketKey key = order.get(i);
            boolean next = i > 0 && key.epoch() > currentEpoch && adopted.containsKey(key.epoch())
                    && adopted.get(key.epoch()).key() == key;
            String state = i == 0 ? RingKey.ENCRYPTING : next ? RingKey.NEXT : RingKey.DECRYPTING;
            keys.add(new RingKey(key.epoch(), key.fingerprint(), state,
                    schedule.start(key.epoch()).toString(),
                    schedule.retirement(key.epoch()).toString()));
        }
        return keys;
    }

    /** Number of keys held, orphans included. */
    int size() {
        return adopted.size() + orphans.size();
    }

    /** Destroys every key. */
    void clear() {
        adopted.values().forEach(entry -> entry.key().destroy());
        orphans.forEach(TicketKey::destroy);
        adopted.clear();
        orphans.clear();
    }
}
