package io.tlsresume.core.ring;

import java.nio.ByteBuffer;
import java.util.Arrays;

/**
 * What the {@link RingStore} holds for one epoch: the key's generation, then the codec's bytes
 * (the sealed envelope, or the key itself with {@code sealing=off}).
 *
 * <p>The generation is the cluster-wide counter of key operations ({@link RingControl}):
 * {@code rotateNow} and {@code revokeAll} raise it, and a {@code revokeAll} makes every entry of
 * a lower generation stale, so no node adopts it again (a late joiner, a restart, an entry merged
 * back after a partition). Entries written before generations existed carry none and count as
 * generation 0. The generation is not secret and not signed: a member that can write the store can
 * only make nodes drop keys (full handshakes), as it can by deleting entries.
 */
public final class RingEntry {
    private static final byte[] MAGIC = {'G', 'E', 'N', 1};
    private static final int HEADER = MAGIC.length + Long.BYTES;

    private RingEntry() {
    }

    /** {@code payload} tagged with {@code generation}; the caller erases {@code payload}. */
    static byte[] tag(long generation, byte[] payload) {
        return ByteBuffer.allocate(HEADER + payload.length).put(MAGIC).putLong(generation)
                .put(payload).array();
    }

    /** The generation an entry was written in; 0 for an untagged entry. */
    public static long generationOf(byte[] entry) {
        return isTagged(entry) ? ByteBuffer.wrap(entry, MAGIC.length, Long.BYTES).getLong() : 0;
    }

    /** A copy of the codec's bytes of an entry (the entry itself if untagged). */
    public static byte[] payloadOf(byte[] entry) {
        return isTagged(entry) ? Arrays.copyOfRange(entry, HEADER, entry.length) : entry.clone();
    }

    private static boolean isTagged(byte[] entry) {
        return entry.length >= HEADER && Arrays.equals(entry, 0, MAGIC.length, MAGIC, 0,
                MAGIC.length);
    }
}
