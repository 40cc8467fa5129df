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
import java.util.EnumMap;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;

/**
 * OpenSSL's resumption callbacks as FFM upcalls: the external session cache
 * ({@code SSL_CTX_sess_set_new_cb} and {@code _get_cb}), routed to the {@link ClusterSessionCache}
 * of the {@code SSL_CTX} they fire for, and the ticket-key callback
 * ({@code SSL_CTX_set_tlsext_ticket_key_evp_cb}), routed to its {@link RingTickets}.
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
    private static final Map<Long, Attachment> ATTACHED = new ConcurrentHashMap<>();
    private static final AtomicLong FAULTS = new AtomicLong();
    // Per callback, for throttling its log line.
    private static final Map<OpenSslMetrics.Callback, AtomicLong> FAULTS_BY_CALLBACK =
            new EnumMap<>(Map.of(OpenSslMetrics.Callback.NEW_SESSION, new AtomicLong(),
                    OpenSslMetrics.Callback.GET_SESSION, new AtomicLong(),
                    OpenSslMetrics.Callback.TICKET_KEY, new AtomicLong()));
    /** Test seam: runs in each ticket-key upcall with ring tickets, so a test can fail it. */
    static volatile Runnable beforeTicketKey = () -> { };
    private static volatile Stubs stubs;

    private record Stubs(MemorySegment newSession, MemorySegment getSession,
            MemorySegment ticketKey, TicketCrypto crypto) { }

    /** What one context resumes with (cache or tickets may be {@code null}), and counts into. */
    private record Attachment(ClusterSessionCache cache, RingTickets tickets,
            OpenSslMetrics metrics) { }

    private SessionCallbacks() {
    }

    /**
     * Makes {@code ctx} resume through the cluster.
     *
     * @param cache if not {@code null}: server sessions are kept only there (external cache
     *     mode, OpenSSL's session timeout equal to the entries' time to live) and TLS 1.3
     *     tickets are stateful
     * @param tickets if not {@code null}: stateless TLS 1.2 and 1.3 tickets under the ring
     * @param metrics where failures caught in the callbacks are counted
     */
    static void attach(LibSsl ssl, MemorySegment ctx, ClusterSessionCache cache,
            RingTickets tickets, OpenSslMetrics metrics) {
        Stubs installed = stubs(ssl);
        ATTACHED.put(ctx.address(), new Attachment(cache, tickets, metrics));
        if (cache != null) {
            ssl.ctxCtrl(ctx, LibSsl.SSL_CTRL_SET_SESS_CACHE_MODE,
                    LibSsl.SESS_CACHE_EXTERNAL_ONLY);
            ssl.setOptions(ctx, LibSsl.SSL_OP_NO_TICKET);
            ssl.setTimeout(ctx, cache.timeToLive().toSeconds());
            ssl.setCallbacks(ctx, installed.newSession(), installed.getSession());
        }
        if (tickets != null) {
            installed.crypto().install(ctx, installed.ticketKey());
        }
    }

    /** Routes no more callbacks of {@code ctx} (it is being destroyed). */
    static void detach(MemorySegment ctx) {
        ATTACHED.remove(ctx.address());
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
                    result = createStubs(ssl);
                    stubs = result;
                }
            }
        }
        return result;
    }

    private static Stubs createStubs(LibSsl ssl) {
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
            // int cb(SSL *s, unsigned char key_name[16], unsigned char *iv,
            //        EVP_CIPHER_CTX *ctx, EVP_MAC_CTX *hctx, int enc)
            MemorySegment ticketKey = linker.upcallStub(lookup.findStatic(SessionCallbacks.class,
                    "ticketKey", MethodType.methodType(int.class, MemorySegment.class,
                            MemorySegment.class, MemorySegment.class, MemorySegment.class,
                            MemorySegment.class, int.class)),
                    FunctionDescriptor.of(JAVA_INT, ADDRESS, ADDRESS, ADDRESS, ADDRESS, ADDRESS,
                            JAVA_INT), Arena.global());
            return new Stubs(newSession, getSession, ticketKey, new TicketCrypto(ssl));
        } catch (ReflectiveOperationException e) {
            throw new IllegalStateException("session callbacks not found", e);
        }
    }

    private static Attachment attachmentOf(MemorySegment ssl) {
        return ATTACHED.get(LibSsl.get().contextOf(ssl).address());
    }

    /** Upcall: a full handshake made a session. Returns 0: OpenSSL keeps its reference. */
    private static int newSession(MemorySegment ssl, MemorySegment session) {
        Attachment attachment = null;
        try {
            attachment = attachmentOf(ssl);
            if (attachment != null && attachment.cache() != null) {
                attachment.cache().sessionCreated(session);
            }
        } catch (Throwable t) {
            fault(attachment, OpenSslMetrics.Callback.NEW_SESSION, t);
        }
        return 0;
    }

    /** Upcall: a client offered a session id. Returns a session OpenSSL takes over, or NULL. */
    private static MemorySegment getSession(MemorySegment ssl, MemorySegment id, int length,
            MemorySegment copy) {
        Attachment attachment = null;
        try {
            // *copy = 0: the returned session's single reference passes to OpenSSL.
            copy.reinterpret(Integer.BYTES).set(JAVA_INT, 0, 0);
            if (length < 1 || length > LibSsl.MAX_SESSION_ID_LENGTH) {
                return MemorySegment.NULL;
            }
            attachment = attachmentOf(ssl);
            if (attachment == null || attachment.cache() == null) {
                return MemorySegment.NULL;
            }
            return attachment.cache().lookup(id.reinterpret(length).toArray(JAVA_BYTE));
        } catch (Throwable t) {
            if (attachment != null && attachment.cache() != null) {
                attachment.metrics().miss();
            }
            fault(attachment, OpenSslMetrics.Callback.GET_SESSION, t);
            return MemorySegment.NULL;
        }
    }

    /**
     * Upcall: set up a ticket's cipher and MAC. {@code enc == 1}: encrypt a new ticket under the
     * ring's current key (1, or 0 for "no ticket"). Else decrypt: 1 with the current key, 2 with
     * an older live key (OpenSSL then renews the ticket), 0 for an unknown key (full handshake).
     */
    private static int ticketKey(MemorySegment ssl, MemorySegment keyName, MemorySegment iv,
            MemorySegment cipherCtx, MemorySegment macCtx, int enc) {
        Attachment attachment = null;
        try {
            attachment = attachmentOf(ssl);
            RingTickets tickets = attachment == null ? null : attachment.tickets();
            if (tickets == null) {
                return 0;
            }
            beforeTicketKey.run();
            TicketCrypto crypto = stubs.crypto();
            MemorySegment ivBytes = iv.reinterpret(TicketCrypto.IV_LENGTH);
            if (enc == 1) {
                RingTickets.Key key = tickets.encrypting();
                return key != null && crypto.encrypt(key, keyName, ivBytes, cipherCtx, macCtx)
                        ? 1 : 0;
            }
            RingTickets.Found found = tickets.find(keyName
                    .reinterpret(TicketCrypto.KEY_NAME_LENGTH).toArray(JAVA_BYTE));
            if (found == null || !crypto.decrypt(found.key(), ivBytes, cipherCtx, macCtx)) {
                return 0;
            }
            return found.encrypting() ? 1 : 2;
        } catch (Throwable t) {
            fault(attachment, OpenSslMetrics.Callback.TICKET_KEY, t);
            return 0;
        }
    }

    private static void fault(Attachment attachment, OpenSslMetrics.Callback callback,
            Throwable t) {
        try {
            FAULTS.incrementAndGet();
            if (attachment != null) {
                attachment.metrics().fault(callback);
            }
            long count = FAULTS_BY_CALLBACK.get(callback).incrementAndGet();
            // Log the first and then every 1000th: a broken store must not flood the log.
            if (count == 1 || count % 1000 == 0) {
                LOG.log(Level.WARNING, faultMessage(callback) + " (" + count + " such failures"
                        + " so far in this JVM): " + t);
            }
        } catch (Throwable ignored) {
            // Nothing may leave an upcall.
        }
    }

    private static String faultMessage(OpenSslMetrics.Callback callback) {
        return switch (callback) {
            case NEW_SESSION -> "tlsresume session store failed while storing a new session"
                    + " (it cannot be resumed)";
            case GET_SESSION -> "tlsresume session store failed while looking up a session"
                    + " (full handshake instead)";
            case TICKET_KEY -> "tlsresume ticket-key callback (sessionTickets=ring) failed while"
                    + " preparing a ticket key (no ticket issued, or a full handshake instead)";
        };
    }
}
