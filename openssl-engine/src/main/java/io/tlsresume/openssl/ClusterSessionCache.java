package io.tlsresume.openssl;

import io.tlsresume.core.ResumptionNode;
import io.tlsresume.core.Settings;
import java.lang.foreign.MemorySegment;
import java.time.Duration;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.Optional;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Future;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.function.UnaryOperator;

/**
 * One {@code SSL_CTX}'s view of the cluster session store: turns a new OpenSSL session into a
 * sealed store entry, and a looked-up entry back into a session. Runs on handshake threads
 * (called by {@link SessionCallbacks}); may throw, the callbacks turn every failure into a miss.
 *
 * <p>Entries are keyed by the context's resumption scope and the session id
 * ({@link SessionMaps#key}), so a context only ever finds sessions made in its own scope.
 */
final class ClusterSessionCache {
    /** Writes still in flight beyond this are dropped: a hung store must not pile up memory. */
    static final int MAX_PENDING_WRITES = 256;
    private static final int TLS1_3_VERSION = 0x0304;

    /** Test seam: wraps the real store to inject faults. Identity in production. */
    static volatile UnaryOperator<SessionStore> storeDecorator = UnaryOperator.identity();

    private final LibSsl ssl;
    private final SessionStore store;
    private final SessionSealer sealer;
    private final OpenSslMetrics metrics;
    private final long boundNanos;
    private final Duration timeToLive;
    private final Runnable onRelease;
    private final boolean storeTls13;
    private final String scopeId;
    private final Semaphore pendingWrites = new Semaphore(MAX_PENDING_WRITES);

    /** @param scopeId the context's {@code SessionScope.id()}, the first part of its keys */
    ClusterSessionCache(LibSsl ssl, SessionStore store, SessionSealer sealer,
            OpenSslMetrics metrics, Duration bound, Duration timeToLive, boolean storeTls13,
            String scopeId, Runnable onRelease) {
        this.storeTls13 = storeTls13;
        this.scopeId = scopeId;
        this.ssl = ssl;
        this.store = store;
        this.sealer = sealer;
        this.metrics = metrics;
        this.boundNanos = bound.toNanos();
        this.timeToLive = timeToLive;
        this.onRelease = onRelease;
    }

    /**
     * The cache for one context of {@code node} serving resumption scope {@code scopeId}, or
     * empty when sessions are not shared ({@code sessionStore=off}, or
     * {@code cluster.mode=none}: no cluster to share with).
     */
    static Optional<ClusterSessionCache> forContext(ResumptionNode node, String scopeId) {
        OpenSslSettings settings = OpenSslSettings.of(node.settings());
        if (!settings.sessionStore() || node.hazelcast().isEmpty()) {
            return Optional.empty();
        }
        SessionSealer sealer = new SessionSealer();
        node.followRing(sealer);
        SessionStore store = storeDecorator.apply(
                new HazelcastSessionStore(SessionMaps.map(node.hazelcast().get())));
        return Optional.of(new ClusterSessionCache(LibSsl.get(), store, sealer,
                OpenSslMetrics.of(node), settings.sessionStoreTimeout(),
                settings.sessionTimeout(), !settings.ringTickets(), scopeId,
                () -> node.unfollowRing(sealer)));
    }

    /** How long sessions live: OpenSSL's own timeout matches the store entry's. */
    Duration timeToLive() {
        return timeToLive;
    }

    OpenSslMetrics metrics() {
        return metrics;
    }

    /** Stops following the ring (the context is gone). */
    void release() {
        onRelease.run();
    }

    /** OpenSSL made a new session (full handshake): seal it and start writing it. */
    void sessionCreated(MemorySegment session) {
        if (!storeTls13 && ssl.protocolOf(session) == TLS1_3_VERSION) {
            return; // resumes from its stateless ticket; nobody will look it up
        }
        byte[] idBytes = ssl.sessionId(session);
        if (idBytes.length == 0) {
            return; // a TLS 1.2 session sent as a ticket has no id to look it up by
        }
        if (!sealer.ready()) {
            metrics.sealFailure();
            return;
        }
        String id = HexFormat.of().formatHex(idBytes);
        String key = SessionMaps.key(scopeId, id);
        byte[] der = ssl.encode(session);
        byte[] entry;
        try {
            entry = sealer.seal(id, der);
        } catch (RuntimeException e) {
            metrics.sealFailure();
            throw e;
        } finally {
            Arrays.fill(der, (byte) 0);
        }
        if (!pendingWrites.tryAcquire()) {
            metrics.writeDropped();
            return;
        }
        try {
            store.put(key, entry, timeToLive)
                    .whenComplete((ok, failure) -> pendingWrites.release());
            metrics.written();
        } catch (RuntimeException | Error e) {
            pendingWrites.release();
            throw e;
        }
    }

    /**
     * A client offered session {@code idBytes}: the session to resume (a new reference the
     * caller owns), or {@link MemorySegment#NULL} for a full handshake. Waits at most the bound.
     */
    MemorySegment lookup(byte[] idBytes) {
        String id = HexFormat.of().formatHex(idBytes);
        byte[] entry = await(store.get(SessionMaps.key(scopeId, id)));
        if (entry == null) {
            return MemorySegment.NULL;
        }
        byte[] der = sealer.open(id, entry);
        if (der == null) {
            metrics.unreadable();
            return MemorySegment.NULL;
        }
        try {
            MemorySegment session = ssl.decode(der);
            if (session.equals(MemorySegment.NULL)) {
                metrics.unreadable();
                return MemorySegment.NULL;
            }
            if (!Arrays.equals(ssl.sessionId(session), idBytes)) {
                ssl.freeSession(session);
                metrics.unreadable();
                return MemorySegment.NULL;
            }
            metrics.hit();
            return session;
        } finally {
            Arrays.fill(der, (byte) 0);
        }
    }

    /** The entry, or {@code null} (counted as miss or timeout) if none arrived within the bound. */
    private byte[] await(CompletionStage<byte[]> pending) {
        Future<byte[]> future = pending.toCompletableFuture();
        try {
            byte[] entry = future.get(boundNanos, TimeUnit.NANOSECONDS);
            if (entry == null) {
                metrics.miss();
            }
            return entry;
        } catch (TimeoutException e) {
            future.cancel(false);
            metrics.timeout();
        } catch (ExecutionException e) {
            metrics.miss();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            metrics.miss();
        }
        return null;
    }
}
