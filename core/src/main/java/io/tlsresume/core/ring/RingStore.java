package io.tlsresume.core.ring;

import java.time.Duration;
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
     * entry, or the
     * cluster's membership changes.
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
