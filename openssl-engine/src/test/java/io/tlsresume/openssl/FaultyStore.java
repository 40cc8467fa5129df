package io.tlsresume.openssl;

import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import java.util.Random;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Wraps the real Hazelcast store and, depending on its mode, freezes or breaks it in every way a
 * callback could meet: exceptions and errors thrown on the handshake thread, failed and
 * never-completing futures, corrupt, truncated and foreign entries.
 */
final class FaultyStore implements SessionStore {
    enum Mode { PASS, FROZEN, FAULTS }

    private final SessionStore real;
    private final Random random = new Random(7);
    private volatile Mode mode = Mode.PASS;
    // Calls held while frozen: answered (empty) when the store thaws, as a store that recovers.
    private final List<CompletableFuture<?>> held = new CopyOnWriteArrayList<>();
    final AtomicLong injected = new AtomicLong();

    FaultyStore(SessionStore real) {
        this.real = real;
    }

    void mode(Mode mode) {
        this.mode = mode;
        if (mode == Mode.PASS) {
            for (CompletableFuture<?> call : held) {
                call.complete(null);
            }
            held.clear();
        }
    }

    private <T> CompletableFuture<T> hold() {
        CompletableFuture<T> call = new CompletableFuture<>();
        held.add(call);
        return call;
    }

    @Override
    public CompletionStage<byte[]> get(String id) {
        return switch (mode) {
            case PASS -> real.get(id);
            case FROZEN -> hold();
            case FAULTS -> faultyGet(id);
        };
    }

    @Override
    public CompletionStage<?> put(String id, byte[] entry, Duration timeToLive) {
        return switch (mode) {
            case PASS -> real.put(id, entry, timeToLive);
            case FROZEN -> hold();
            case FAULTS -> faultyPut(id, entry, timeToLive);
        };
    }

    private int roll(int faces) {
        synchronized (random) {
            return random.nextInt(faces);
        }
    }

    private CompletionStage<byte[]> faultyGet(String id) {
        int fault = roll(10);
        if (fault >= 7) {
            return real.get(id);
        }
        injected.incrementAndGet();
        return switch (fault) {
            case 0 -> throw new IllegalStateException("injected: store exploded");
            case 1 -> throw new OutOfMemoryError("injected: an Error on the handshake thread");
            case 2 -> CompletableFuture.failedFuture(new RuntimeException("injected: failed"));
            case 3 -> new CompletableFuture<>(); // never answers: the bound must cut it
            case 4 -> real.get(id).thenApply(e -> e == null ? null
                    : Arrays.copyOf(e, e.length / 2)); // truncated
            case 5 -> real.get(id).thenApply(e -> {
                if (e == null) {
                    return null;
                }
                byte[] flipped = e.clone();
                flipped[flipped.length - 1] ^= 0x5a; // corrupt tag
                return flipped;
            });
            default -> CompletableFuture.completedFuture(new byte[] {1, 2, 3}); // foreign junk
        };
    }

    private CompletionStage<?> faultyPut(String id, byte[] entry, Duration timeToLive) {
        int fault = roll(10);
        if (fault >= 6) {
            return real.put(id, entry, timeToLive);
        }
        injected.incrementAndGet();
        return switch (fault) {
            case 0 -> throw new IllegalStateException("injected: store exploded on write");
            case 1 -> throw new StackOverflowError("injected: an Error on write");
            case 2 -> new CompletableFuture<>(); // write hangs forever
            case 3 -> CompletableFuture.failedFuture(new RuntimeException("injected: failed"));
            // Another session's bytes under this id: must not open (id is authenticated).
            default -> real.put(id, new byte[entry.length], timeToLive);
        };
    }
}
