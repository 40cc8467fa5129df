package io.tlsresume.core.engine;

import io.tlsresume.core.engine.ClientHello.Complete;
import io.tlsresume.core.engine.ClientHello.NeedMore;
import io.tlsresume.core.engine.ClientHello.NotAClientHello;
import io.tlsresume.core.engine.ClientHello.Peek;
import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;

/**
 * Reads a ClientHello from TLS records (RFC 8446 sections 4.1.2 and 5.1, RFC 6066 section 3)
 * without touching the caller's buffer. Every length is checked against what encloses it, so
 * garbage ends as {@link NotAClientHello}, never as an exception.
 */
final class ClientHelloReader {
    /**
     * The most record bytes a ClientHello may take: one full-size record. Servers size their
     * network buffer for one record; a larger ClientHello could never be completed in it, and
     * waiting for it would hang the connection. Real ClientHellos stay far below (about 2 KB
     * with a post-quantum key share).
     */
    static final int MAX_WIRE_BYTES = 5 + 16384;

    private static final int HANDSHAKE = 22;
    private static final int CLIENT_HELLO = 1;
    private static final int RECORD_HEADER = 5;
    private static final int MAX_FRAGMENT = 16384;
    private static final int SERVER_NAME = 0;
    private static final int SIGNATURE_ALGORITHMS = 13;
    private static final int SUPPORTED_VERSIONS = 43;

    private ClientHelloReader() {
    }

    static Peek peek(ByteBuffer src) {
        try {
            return read(src.duplicate());
        } catch (RuntimeException e) {
            // The checks below should make this unreachable; a parser bug must not fail the
            // connection in a way BoringSSL would not.
            return new NotAClientHello("unreadable: " + e.getClass().getSimpleName());
        }
    }

    private static Peek read(ByteBuffer in) {
        int start = in.position();
        int available = in.remaining();
        // Gather the handshake message from as many records as it spans.
        byte[] message = null;
        int messageLength = -1;
        int filled = 0;
        int offset = 0;
        byte[] header = new byte[4];
        int headerFilled = 0;
        while (true) {
            if (offset >= MAX_WIRE_BYTES) {
                return new NotAClientHello("ClientHello larger than " + MAX_WIRE_BYTES + " bytes");
            }
            if (available - offset < 1) {
                return new NeedMore();
            }
            int type = in.get(start + offset) & 0xff;
            if (type != HANDSHAKE) {
                return new NotAClientHello(offset == 0 ? "not a handshake record (type " + type
                        + ")" : "record of type " + type + " inside the ClientHello");
            }
            if (available - offset >= 2 && (in.get(start + offset + 1) & 0xff) != 3) {
                return new NotAClientHello("not a TLS record version");
            }
            if (available - offset < RECORD_HEADER) {
                return new NeedMore();
            }
            int fragment = u16(in, start + offset + 3);
            if (fragment == 0 || fragment > MAX_FRAGMENT) {
                return new NotAClientHello("bad record length " + fragment);
            }
            int recordEnd = offset + RECORD_HEADER + fragment;
            if (recordEnd > MAX_WIRE_BYTES) {
                return new NotAClientHello("ClientHello larger than " + MAX_WIRE_BYTES + " bytes");
            }
            int p = offset + RECORD_HEADER;
            int readable = Math.min(recordEnd, available);
            while (p < readable) {
                if (headerFilled < 4) {
                    header[headerFilled++] = in.get(start + p++);
                    if (headerFilled == 1 && (header[0] & 0xff) != CLIENT_HELLO) {
                        return new NotAClientHello("first handshake message is not a ClientHello");
                    }
                    if (headerFilled == 4) {
                        messageLength = ((header[1] & 0xff) << 16) | ((header[2] & 0xff) << 8)
                                | (header[3] & 0xff);
                        if (messageLength + 4 > MAX_WIRE_BYTES - RECORD_HEADER) {
                            return new NotAClientHello("ClientHello of " + messageLength
                                    + " bytes is larger than " + MAX_WIRE_BYTES);
                        }
                        message = new byte[messageLength];
                    }
                    continue;
                }
                int n = Math.min(readable - p, messageLength - filled);
                in.get(start + p, message, filled, n);
                filled += n;
                p += n;
                if (filled == messageLength) {
                    break;
                }
            }
            if (message != null && filled == messageLength) {
                // Complete once the record holding its last byte is whole.
                if (recordEnd > available) {
                    return new NeedMore();
                }
                return body(ByteBuffer.wrap(message), recordEnd);
            }
            if (recordEnd > available) {
                return new NeedMore();
            }
            offset = recordEnd;
        }
    }

    /** Parses the ClientHello body (RFC 8446 section 4.1.2). */
    private static Peek body(ByteBuffer b, int wireLength) {
        if (b.remaining() < 2 + 32 + 1) {
            return new NotAClientHello("ClientHello too short");
        }
        int legacyVersion = u16(b);
        skip(b, 32); // random
        int sessionId = u8(b);
        if (sessionId > 32 || b.remaining() < sessionId) {
            return new NotAClientHello("bad session id");
        }
        skip(b, sessionId);
        if (b.remaining() < 2) {
            return new NotAClientHello("no cipher suites");
        }
        int suitesLength = u16(b);
        if (suitesLength < 2 || suitesLength % 2 != 0 || b.remaining() < suitesLength) {
            return new NotAClientHello("bad cipher suites");
        }
        List<Integer> suites = u16s(b, suitesLength);
        if (b.remaining() < 1) {
            return new NotAClientHello("no compression methods");
        }
        int compression = u8(b);
        if (compression < 1 || b.remaining() < compression) {
            return new NotAClientHello("bad compression methods");
        }
        skip(b, compression);
        String serverName = null;
        List<Integer> schemes = List.of();
        List<Integer> versions = List.of(legacyVersion);
        if (b.hasRemaining()) {
            if (b.remaining() < 2 || u16(b) != b.remaining()) {
                return new NotAClientHello("bad extensions length");
            }
            Set<Integer> seen = new HashSet<>();
            while (b.hasRemaining()) {
                if (b.remaining() < 4) {
                    return new NotAClientHello("truncated extension");
                }
                int type = u16(b);
                int length = u16(b);
                if (length > b.remaining()) {
                    return new NotAClientHello("truncated extension " + type);
                }
                if (!seen.add(type)) {
                    return new NotAClientHello("extension " + type + " sent twice");
                }
                ByteBuffer data = slice(b, length);
                switch (type) {
                    case SERVER_NAME -> {
                        String name = serverName(data);
                        if (name == null) {
                            return new NotAClientHello("bad server_name extension");
                        }
                        serverName = name.isEmpty() ? null : name;
                    }
                    case SIGNATURE_ALGORITHMS -> {
                        if (data.remaining() < 2 || u16(data) != data.remaining()
                                || data.remaining() % 2 != 0 || !data.hasRemaining()) {
                            return new NotAClientHello("bad signature_algorithms extension");
                        }
                        schemes = u16s(data, data.remaining());
                    }
                    case SUPPORTED_VERSIONS -> {
                        if (data.remaining() < 1 || u8(data) != data.remaining()
                                || data.remaining() % 2 != 0 || !data.hasRemaining()) {
                            return new NotAClientHello("bad supported_versions extension");
                        }
                        versions = u16s(data, data.remaining());
                    }
                    default -> {
                        // not needed to choose a context
                    }
                }
            }
        }
        return new Complete(new ClientHello(serverName, schemes, suites, versions), wireLength);
    }

    /**
     * The host_name of a server_name extension (RFC 6066 section 3), lower case; {@code null}
     * when malformed. A list without a host_name gives "" here, turned into no name.
     */
    private static String serverName(ByteBuffer data) {
        if (data.remaining() < 2 || u16(data) != data.remaining() || !data.hasRemaining()) {
            return null;
        }
        String host = "";
        while (data.hasRemaining()) {
            if (data.remaining() < 3) {
                return null;
            }
            int nameType = u8(data);
            int length = u16(data);
            if (length > data.remaining()) {
                return null;
            }
            byte[] name = new byte[length];
            data.get(name);
            if (nameType == 0) {
                if (!host.isEmpty() || length == 0) {
                    return null; // one host_name only, and never empty
                }
                StringBuilder sb = new StringBuilder(length);
                for (byte c : name) {
                    if (c <= 0x20 || c >= 0x7f) {
                        return null; // an A-label is printable ASCII
                    }
                    sb.append((char) c);
                }
                host = sb.toString().toLowerCase(Locale.ROOT);
            }
        }
        return host;
    }

    private static int u8(ByteBuffer b) {
        return b.get() & 0xff;
    }

    private static int u16(ByteBuffer b) {
        return b.getShort() & 0xffff;
    }

    private static int u16(ByteBuffer b, int at) {
        return ((b.get(at) & 0xff) << 8) | (b.get(at + 1) & 0xff);
    }

    private static List<Integer> u16s(ByteBuffer b, int length) {
        List<Integer> values = new ArrayList<>(length / 2);
        for (int i = 0; i < length / 2; i++) {
            values.add(u16(b));
        }
        return values;
    }

    private static void skip(ByteBuffer b, int n) {
        b.position(b.position() + n);
    }

    private static ByteBuffer slice(ByteBuffer b, int length) {
        ByteBuffer slice = b.slice();
        slice.limit(length);
        skip(b, length);
        return slice;
    }
}
