package io.tlsresume.core.ring;

import java.time.Instant;
import java.util.Map;
import java.util.Optional;

/**
 * How ring keys look in the {@link RingStore}. The {@link KeyRotator} decides which key each epoch
 * has; the codec decides what the store sees of it: with sealing, only envelopes that name the key
 * and hold it sealed to each trusted node's ephemeral key; without, the key itself.
 *
 * <p>All methods run on the rotator's thread, never on a handshake.
 */
public interface RingCodec extends AutoCloseable {

    /**
     * Runs at the start of every tick: publish what this node must (its membership card) and read
     * what the others published.
     *
     * @throws RingStoreException if the store fails; the tick then runs degraded
     */
    default void refresh(Instant now) {
    }

    /** What the store should hold for {@code key}. */
    byte[] encode(TicketKey key, Instant now);

    /**
     * The key the store entry of {@code epoch} holds for this node.
     *
     * @param held the key this node has adopted for the epoch, if any: an entry naming the same
     *     key needs no opening
     * @return the key, or empty if this node cannot use the entry (not yet, or never)
     * @throws IllegalArgumentException if the entry is unreadable and the codec leaves counting
     *     and logging to the caller
     */
    Optional<TicketKey> decode(long epoch, byte[] stored, Optional<TicketKey> held);

    /**
     * Whether the entry for {@code epoch} is valid but not yet usable here, so a key for it should
     * arrive soon (a late joiner waiting for a re-seal).
     */
    default boolean awaiting(long epoch) {
        return false;
    }

    /**
     * Runs at the end of every successful sync with the keys this node holds that the cluster
     * agreed on, and the entries read this tick: serve nodes that cannot open those entries yet.
     */
    default void share(Map<Long, TicketKey> published, Map<Long, byte[]> stored, Instant now) {
    }

    /**
     * A {@code revokeAll} made every entry written before it stale: forget what was read from
     * them and remove this codec's own side entries that hold revoked keys (best effort; they
     * expire anyway).
     */
    default void revoked() {
    }

    /** Counters for metrics. */
    default SealingStatus status() {
        return SealingStatus.OFF;
    }

    /** Erases whatever secrets the codec holds. */
    @Override
    default void close() {
    }

    /** Keys in the clear: {@link TicketKey#toBytes()}. Only for {@code sealing=off}. */
    static RingCodec plain() {
        return new RingCodec() {
            @Override
            public byte[] encode(TicketKey key, Instant now) {
                return key.toBytes();
            }

            @Override
            public Optional<TicketKey> decode(long epoch, byte[] stored, Optional<TicketKey> held) {
                return Optional.of(TicketKey.fromBytes(stored));
            }
        };
    }
}
