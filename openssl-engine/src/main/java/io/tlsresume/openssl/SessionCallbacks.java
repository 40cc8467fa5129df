package io.tlsresume.openssl;

import static java.lang.foreign.ValueLayout.ADDRESS;
import static java.lang.foreign.ValueLayout.JAVA_BYTE;
import static java.lang.foreign.ValueLayout.JAVA_INT;

import java.lang.System.Logger;
import java.lang.System.Logger.Level;
import java.lang.foreign.Arena;
import java.lang.foreign.FunctionDescriptor;
import java.lang.foreign.Linker;
import java.lang.foreign.MemorySegment;
import java.lang.invoke.MethodHandles;
import java.lang.invoke.MethodType;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;

/**
 * OpenSSL's external session cache callbacks ({@code SSL_CTX_sess_set_new_cb} and
 * {@code _get_cb}) as FFM upcalls, routed to the {@link ClusterSessionCache} of the
 * {@code SSL_CTX} they fire for.
 *
 * <p>Two rules keep the JVM alive. An exception escaping an upcall terminates the JVM, so each
 * upcall catches every {@link Throwable} and answers "no session". And OpenSSL keeps calling a
 * stub as long as the {@code SSL_CTX} lives, which Tomcat (and its cleaner) decides, so the
 * stubs are made once in the global arena and never freed; a context that is no longer attached
 * simply finds no cache. The remove callback is not installed: with no internal cache OpenSSL
 * never calls it, and store entries expire by their time to live.
 */
final class SessionCallbacks {
    private static final Logger LOG = System.getLogger("io.tlsresume.openssl");
    private static final Map<Long, ClusterSessionCache> CACHES = new ConcurrentHashMap<>();
    private static final AtomicLong FAULTS = new AtomicLong();
    private static volatile Stubs stubs;

    private record Stubs(MemorySegment newSession, MemorySegment getSession) { }

    private SessionCallbacks() {
    }

    /**
     * Makes {@code ctx} keep its server sessions only in {@code cache}: external cache mode,
     * stateful TLS 1.3 tickets, OpenSSL's session timeout equal to the entries' time to live.
     */
    static void attach(LibSsl ssl, MemorySegment ctx, ClusterSessionCache cache) {
        Stubs installed = stubs(ssl);
        CACHES.put(ctx.address(), cache);
        ssl.ctxCtrl(ctx, LibSsl.SSL_CTRL_SET_SESS_CACHE_MODE, LibSsl.SESS_CACHE_EXTERNAL_ONLY);
        ssl.setOptions(ctx, LibSsl.SSL_OP_NO_TICKET);
        ssl.setTimeout(ctx, cache.timeToLive().toSeconds());
        ssl.setCallbacks(ctx, installed.newSession(), installed.getSession());
    }

    /** Routes no more callbacks of {@code ctx} (it is being destroyed). */
    static void detach(MemorySegment ctx) {
        CACHES.remove(ctx.address());
    }

    /** Failures caught inside upcalls since the JVM started (each answered as a miss). */
    static long faults() {
        return FAULTS.get();
    }

    private static Stubs stubs(LibSsl ssl) {
        Stubs result = stubs;
        if (result == null) {
            synchronized (SessionCallbacks.class) {
                result = stubs;
                if (result == null) {
                    result = createStubs();
                    stubs = result;
                }
            }
        }
        return result;
    }

    private static Stubs createStubs() {
        try {
            Linker linker = Linker.nativeLinker();
            MethodHandles.Lookup lookup = MethodHandles.lookup();
            // int new_session_cb(SSL *ssl, SSL_SESSION *sess)
            MemorySegment newSession = linker.upcallStub(lookup.findStatic(SessionCallbacks.class,
                    "newSession", MethodType.methodType(int.class, MemorySegment.class,
                            MemorySegment.class)),
                    FunctionDescriptor.of(JAVA_INT, ADDRESS, ADDRESS), Arena.global());
            // SSL_SESSION *get_session_cb(SSL *ssl, const unsigned char *id, int len, int *copy)
            MemorySegment getSession = linker.upcallStub(lookup.findStatic(SessionCallbacks.class,
                    "getSession", MethodType.methodType(MemorySegment.class, MemorySegment.class,
                            MemorySegment.class, int.class, MemorySegment.class)),
                    FunctionDescriptor.of(ADDRESS, ADDRESS, ADDRESS, JAVA_INT, ADDRESS),
                    Arena.global());
            return new Stubs(newSession, getSession);
        } catch (ReflectiveOperationException e) {
            throw new IllegalStateException("session callbacks not found", e);
        }
    }

    private static ClusterSessionCache cacheOf(MemorySegment ssl) {
        return CACHES.get(LibSsl.get().contextOf(ssl).address());
    }

    /** Upcall: a full handshake made a session. Returns 0: OpenSSL keeps its reference. */
    private static int newSession(MemorySegment ssl, MemorySegment session) {
        try {
            ClusterSessionCache cache = cacheOf(ssl);
            if (cache != null) {
                cache.sessionCreated(session);
            }
        } catch (Throwable t) {
            fault("storing a new session", t);
        }
        return 0;
    }

    /** Upcall: a client offered a session id. Returns a session OpenSSL takes over, or NULL. */
    private static MemorySegment getSession(MemorySegment ssl, MemorySegment id, int length,
            MemorySegment copy) {
        ClusterSessionCache cache = null;
        try {
            // *copy = 0: the returned session's single reference passes to OpenSSL.
            copy.reinterpret(Integer.BYTES).set(JAVA_INT, 0, 0);
            if (length < 1 || length > LibSsl.MAX_SESSION_ID_LENGTH) {
                return MemorySegment.NULL;
            }
            cache = cacheOf(ssl);
            if (cache == null) {
                return MemorySegment.NULL;
            }
            return cache.lookup(id.reinterpret(length).toArray(JAVA_BYTE));
        } catch (Throwable t) {
            if (cache != null) {
                cache.metrics().miss();
            }
            fault("looking up a session", t);
            return MemorySegment.NULL;
        }
    }

    private static void fault(String what, Throwable t) {
        try {
            long count = FAULTS.incrementAndGet();
            // Log the first and then every 1000th: a broken store must not flood the log.
            if (count == 1 || count % 1000 == 0) {
                LOG.log(Level.WARNING, "tlsresume session store failed while " + what
                        + " (full handshake instead; " + count + " such failures so far): " + t);
            }
        } catch (Throwable ignored) {
            // Nothing may leave an upcall.
        }
    }
}
