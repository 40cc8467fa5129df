package io.tlsresume.core.ring;

import java.nio.ByteBuffer;

/**
 * The cluster's key-operation state, one side entry of the {@link RingStore}: the current
 * generation (raised by every {@code rotateNow} and {@code revokeAll}) and the revocation floor
 * (ring entries of a lower generation were revoked). It never expires: a node that joins or
 * restarts long after a {@code revokeAll} still refuses what it revoked.
 *
 * @param generation what new ring entries are tagged with
 * @param floor entries of a lower generation are revoked; 0 before any {@code revokeAll}
 */
record RingControl(long generation, long floor) {
    /** The side entry's name. */
    static final String ENTRY = "ops/generation";
    /** Before any key operation. */
    static final RingControl NONE = new RingControl(0, 0);
    private static final byte VERSION = 1;
    private static final int LENGTH = 1 + 2 * Long.BYTES;

    /** Parses a stored control entry; {@link #NONE} if there is none. */
    static RingControl parse(byte[] bytes) {
        if (bytes == null) {
            return NONE;
        }
        if (bytes.length != LENGTH || bytes[0] != VERSION) {
            throw new IllegalArgumentException("not a ring control entry (" + bytes.length
                    + " bytes)");
        }
        ByteBuffer in = ByteBuffer.wrap(bytes, 1, LENGTH - 1);
        return new RingControl(in.getLong(), in.getLong());
    }

    byte[] toBytes() {
        return ByteBuffer.allocate(LENGTH).put(VERSION).putLong(generation).putLong(floor).array();
    }
}
