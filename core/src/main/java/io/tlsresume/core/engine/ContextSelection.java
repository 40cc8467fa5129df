package io.tlsresume.core.engine;

import io.tlsresume.core.engine.ClientHello.Complete;
import io.tlsresume.core.engine.ClientHello.NeedMore;
import io.tlsresume.core.engine.ClientHello.Peek;
import java.nio.ByteBuffer;
import java.util.Arrays;
import javax.net.ssl.SSLHandshakeException;

/**
 * The part of a connection before its context is chosen: waits for the whole ClientHello
 * without letting BoringSSL see it, then asks the selector. Used by one engine, under its lock.
 */
final class ContextSelection {
    /** What to do with an {@code unwrap}. */
    sealed interface Outcome {
    }

    /** The ClientHello is not complete yet: tell the server this many bytes were taken. */
    record Wait(int consumed) implements Outcome {
    }

    /**
     * Serve on {@code context} ({@code null}: the current one), first feeding it
     * {@code carried}, the records taken earlier, before the source.
     */
    record Serve(ServerTlsContext context, ByteBuffer carried) implements Outcome {
    }

    /** Refuse the connection; the ClientHello's bytes in the source are taken. */
    record Refuse(Refusal refusal) implements Outcome {
    }

    private final ServerTlsContext initial;
    private final ContextSelector selector;
    private final EngineSettings settings = new EngineSettings();
    /** Whole records of a ClientHello that spans more records than the source held. */
    private byte[] held = new byte[0];

    ContextSelection(ServerTlsContext initial, ContextSelector selector) {
        this.initial = initial;
        this.selector = selector;
    }

    EngineSettings settings() {
        return settings;
    }

    /** Reads what {@code src} adds to the ClientHello; consumes from it only in {@link Wait}. */
    Outcome next(ByteBuffer src) {
        ByteBuffer input = withHeld(src);
        Peek peek = ClientHello.peek(input);
        if (peek instanceof NeedMore) {
            // Some servers (Netty's SslHandler) hand over one record at a time: take the whole
            // records, else the rest of a ClientHello spread over records would never come.
            int whole = wholeRecords(input) - held.length;
            if (whole > 0) {
                byte[] more = Arrays.copyOf(held, held.length + whole);
                src.get(more, held.length, whole);
                held = more;
            }
            return new Wait(Math.max(whole, 0));
        }
        ByteBuffer carried = held.length == 0 ? null : ByteBuffer.wrap(held);
        if (!(peek instanceof Complete complete)) {
            return new Serve(null, carried); // BoringSSL answers what is not a ClientHello
        }
        ServerTlsContext chosen;
        try {
            chosen = selector.select(complete.hello());
        } catch (SSLHandshakeException e) {
            return refuse(src, complete, new Refusal(Refusal.UNRECOGNIZED_NAME, e));
        } catch (RuntimeException e) {
            return refuse(src, complete, new Refusal(Refusal.INTERNAL_ERROR,
                    failure("the context selector failed: " + e, e)));
        }
        if (chosen == null) {
            return refuse(src, complete, new Refusal(Refusal.INTERNAL_ERROR,
                    failure("the context selector chose no context", null)));
        }
        return new Serve(chosen == initial ? null : chosen, carried);
    }

    private Refuse refuse(ByteBuffer src, Complete complete, Refusal refusal) {
        src.position(src.position() + Math.min(complete.length() - held.length,
                src.remaining()));
        held = new byte[0];
        return new Refuse(refusal);
    }

    static SSLHandshakeException failure(String message, Throwable cause) {
        SSLHandshakeException e = new SSLHandshakeException(message);
        if (cause != null) {
            e.initCause(cause);
        }
        return e;
    }

    private ByteBuffer withHeld(ByteBuffer src) {
        if (held.length == 0) {
            return src;
        }
        ByteBuffer all = ByteBuffer.allocate(held.length + src.remaining());
        all.put(held).put(src.duplicate()).flip();
        return all;
    }

    /** How many bytes at {@code in}'s position are whole records. */
    private static int wholeRecords(ByteBuffer in) {
        int at = 0;
        while (in.remaining() - at >= 5) {
            int length = ((in.get(in.position() + at + 3) & 0xff) << 8)
                    | (in.get(in.position() + at + 4) & 0xff);
            if (in.remaining() - at - 5 < length) {
                break;
            }
            at += 5 + length;
        }
        return at;
    }
}
