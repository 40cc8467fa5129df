package io.tlsresume.core.sealing;

import java.io.ByteArrayOutputStream;
import java.nio.BufferUnderflowException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;

/**
 * The byte layout of cards and envelopes: big-endian integers and length-prefixed fields. Reading
 * never trusts a length: everything in the store may have been written by an attacker.
 */
final class Wire {
    private Wire() {
    }

    /** Appends fields. */
    static final class Out {
        private final ByteArrayOutputStream bytes = new ByteArrayOutputStream(512);

        Out u8(int value) {
            bytes.write(value);
            return this;
        }

        Out u16(int value) {
            bytes.write(value >>> 8);
            bytes.write(value);
            return this;
        }

        Out u64(long value) {
            for (int shift = 56; shift >= 0; shift -= 8) {
                bytes.write((int) (value >>> shift));
            }
            return this;
        }

        Out raw(byte[] value) {
            bytes.writeBytes(value);
            return this;
        }

        /** A field of up to 65535 bytes, prefixed by its length. */
        Out field(byte[] value) {
            if (value.length > 0xFFFF) {
                throw new IllegalArgumentException("field of " + value.length + " bytes");
            }
            return u16(value.length).raw(value);
        }

        Out text(String value) {
            return field(value.getBytes(StandardCharsets.UTF_8));
        }

        int size() {
            return bytes.size();
        }

        byte[] toByteArray() {
            return bytes.toByteArray();
        }
    }

    /** Reads fields; any overrun is a {@link MalformedEntryException}. */
    static final class In {
        private final ByteBuffer buffer;

        In(byte[] bytes) {
            this.buffer = ByteBuffer.wrap(bytes);
        }

        int u8() {
            return guard(() -> buffer.get() & 0xFF);
        }

        int u16() {
            return guard(() -> buffer.getShort() & 0xFFFF);
        }

        long u64() {
            return guard(buffer::getLong);
        }

        byte[] raw(int length) {
            return guard(() -> {
                byte[] value = new byte[length];
                buffer.get(value);
                return value;
            });
        }

        byte[] field() {
            return raw(u16());
        }

        String text() {
            return new String(field(), StandardCharsets.UTF_8);
        }

        int position() {
            return buffer.position();
        }

        void requireEnd() {
            if (buffer.hasRemaining()) {
                throw new MalformedEntryException(buffer.remaining() + " trailing bytes");
            }
        }

        private static <T> T guard(java.util.function.Supplier<T> read) {
            try {
                return read.get();
            } catch (BufferUnderflowException e) {
                throw new MalformedEntryException("truncated");
            }
        }
    }

    /** An entry that does not parse; its message never holds entry bytes. */
    static final class MalformedEntryException extends RuntimeException {
        MalformedEntryException(String message) {
            super(message, null, false, false);
        }
    }
}
