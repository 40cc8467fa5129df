package io.tlsresume.core.ring;

import java.time.Duration;
import java.util.Collection;
import java.util.HashMap;
import java.util.Map;

/**
 * Where the nodes of a cluster agree on one key per epoch. Values are opaque byte arrays.
 *
 * <p>Every method is bounded in time: it returns or throws {@link RingStoreException} within the
 * store's configured timeout, so a hung store can never stall the caller for long. No method is
 * ever called on a TLS handshake path.
 */
public interface RingStore extends AutoCloseable {

    /**
     * Side entries whose name starts with this (membership cards) do not make
     * {@link #onChange(Runnable)} run: every node renews its card every rotation interval, and no
     * node has to act on another's renewal at once (a node that needs a key asks for it).
     */
    String UNNOTIFIED_PREFIX = "card/";

    /**
     * Told which entries changed, by key only, so that a reader fetches just those
     * ({@link RingMirror}). Runs on a store thread.
     */
    interface ChangeTracker {
        /** The value of {@code epoch} was written, replaced or removed. */
        void epochChanged(long epoch);

        /** The side entry {@code name} was written, replaced or removed. */
        void entryChanged(String name);

        /**
         * Anything may have changed unseen: the listeners were just registered, a member joined
         * or left, a partition healed. The next read reads everything.
         */
        void everythingChanged();
    }

    /**
     * Reports every change to {@code tracker} from now on, if this store can tell (it may start
     * with {@link ChangeTracker#everythingChanged()} once it can).
     *
     * @return false if it cannot: readers then read everything every time
     */
    default boolean trackChanges(ChangeTracker tracker) {
        return false;
    }

    /**
     * Reads the values of the given epochs.
     *
     * @return epoch to value, without the epochs that have no value
     * @throws RingStoreException if the store did not answer in time or failed
     */
    default Map<Long, byte[]> readEpochs(Collection<Long> epochs) {
        if (epochs.isEmpty()) {
            return new HashMap<>();
        }
        long from = epochs.stream().mapToLong(Long::longValue).min().orElseThrow();
        long to = epochs.stream().mapToLong(Long::longValue).max().orElseThrow();
        Map<Long, byte[]> found = read(from, to);
        found.keySet().retainAll(epochs);
        return found;
    }

    /**
     * Reads the given side entries.
     *
     * @return name to value, without the names that have no value
     * @throws RingStoreException if the store did not answer in time or failed
     */
    default Map<String, byte[]> readEntries(Collection<String> names) {
        Map<String, byte[]> found = new HashMap<>(readEntries());
        found.keySet().retainAll(names);
        return found;
    }

    /**
     * Stores {@code value} for {@code epoch} unless a value is already there; exactly one
     * concurrent caller in the cluster wins.
     *
     * @return the value now stored for {@code epoch}: {@code value} if this call won, else the
     *     winner's
     * @throws RingStoreException if the store did not answer in time or failed
     */
    byte[] putIfAbsent(long epoch, byte[] value, Duration timeToLive);

    /**
     * Reads the values stored for the epochs {@code from..to} (inclusive).
     *
     * @return epoch to value, without the epochs that have no value
     * @throws RingStoreException if the store did not answer in time or failed
     */
    Map<Long, byte[]> read(long from, long to);

    /**
     * Writes a side entry (membership cards, re-sealed keys) under {@code name}, replacing any
     * value there.
     *
     * @throws RingStoreException if the store did not answer in time or failed
     */
    void putEntry(String name, byte[] value, Duration timeToLive);

    /**
     * Stores a side entry unless one is there; exactly one concurrent caller wins.
     *
     * @return the value now stored: {@code value} if this call won, else the winner's
     * @throws RingStoreException if the store did not answer in time or failed
     */
    byte[] putEntryIfAbsent(String name, byte[] value, Duration timeToLive);

    /**
     * Reads every live side entry.
     *
     * @throws RingStoreException if the store did not answer in time or failed
     */
    Map<String, byte[]> readEntries();

    /**
     * Reads one side entry.
     *
     * @return its value, or null if there is none
     * @throws RingStoreException if the store did not answer in time or failed
     */
    default byte[] readEntry(String name) {
        return readEntries().get(name);
    }

    /**
     * Replaces the side entry {@code name} if it still holds {@code expected}; exactly one of
     * concurrent callers expecting the same value wins. Key operations ({@code rotateNow},
     * {@code revokeAll}) need this and the four methods after it.
     *
     * @param timeToLive how long to keep it; zero: until removed
     * @return whether this call replaced it
     * @throws RingStoreException if the store did not answer in time, failed, or cannot do this
     */
    default boolean replaceEntry(String name, byte[] expected, byte[] value,
            Duration timeToLive) {
        throw unsupported("replaceEntry");
    }

    /**
     * Removes the side entry {@code name}, if any.
     *
     * @throws RingStoreException if the store did not answer in time, failed, or cannot do this
     */
    default void removeEntry(String name) {
        throw unsupported("removeEntry");
    }

    /**
     * Replaces the value of {@code epoch} if it still holds {@code expected}; exactly one of
     * concurrent callers expecting the same value wins.
     *
     * @return whether this call replaced it
     * @throws RingStoreException if the store did not answer in time, failed, or cannot do this
     */
    default boolean replace(long epoch, byte[] expected, byte[] value, Duration timeToLive) {
        throw unsupported("replace");
    }

    /**
     * Removes the value of {@code epoch} if it still holds {@code expected}.
     *
     * @return whether this call removed it
     * @throws RingStoreException if the store did not answer in time, failed, or cannot do this
     */
    default boolean remove(long epoch, byte[] expected) {
        throw unsupported("remove");
    }

    private RingStoreException unsupported(String operation) {
        return new RingStoreException(describe() + " cannot " + operation
                + ": key operations (rotateNow, revokeAll) need a store that can", null);
    }

    /**
     * Registers a callback run (on a store thread) whenever another node writes a key or a side
     * entry (but a card: {@link #UNNOTIFIED_PREFIX}), or the cluster's membership changes.
     */
    void onChange(Runnable listener);

    /** How many members the cluster has now as seen from here; 1 for a local-only store. */
    int memberCount();

    /**
     * This node's wall clock minus the cluster's, in milliseconds: for Hazelcast, its cluster
     * time (the master's clock, as each member measures it from the master's heartbeats). 0 for a
     * local-only store or when the store cannot tell.
     */
    default long clockOffsetMillis() {
        return 0;
    }

    /** A short description for logs: kind and address, never secrets. */
    String describe();

    /** Leaves the cluster and releases threads. */
    @Override
    void close();
}
