package io.tlsresume.openssl;

import static java.lang.foreign.ValueLayout.ADDRESS;
import static java.lang.foreign.ValueLayout.JAVA_BYTE;
import static java.lang.foreign.ValueLayout.JAVA_INT;
import static java.lang.foreign.ValueLayout.JAVA_LONG;

import java.lang.foreign.Arena;
import java.lang.foreign.FunctionDescriptor;
import java.lang.foreign.Linker;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.SymbolLookup;
import java.lang.invoke.MethodHandle;

/**
 * The few libssl/libcrypto functions the session cache needs, bound through the FFM API. The
 * library is the one Tomcat's FFM engine loads (property
 * {@code org.apache.tomcat.util.openssl.LIBRARY_NAME}, default {@code ssl}, i.e.
 * {@code libssl.so}, which Debian ships in {@code libssl-dev}), so both act on the same
 * {@code SSL_CTX} structures.
 *
 * <p>Loading happens on first use; {@link #load()} reports why it failed instead of throwing an
 * {@link ExceptionInInitializerError} from a handshake thread.
 */
final class LibSsl {
    /** Tomcat's property naming the libssl to load; we load the same one. */
    static final String LIBRARY_PROPERTY = "org.apache.tomcat.util.openssl.LIBRARY_NAME";
    /** {@code OPENSSL_VERSION_NUMBER} of 3.0.0: session (de)serialization as used here. */
    static final long MIN_VERSION = 0x3000_0000L;

    static final int SSL_CTRL_SET_SESS_CACHE_MODE = 44;
    static final int SSL_CTRL_GET_SESS_CACHE_MODE = 45;
    /** SERVER | NO_INTERNAL_LOOKUP | NO_INTERNAL_STORE: only our callbacks hold sessions. */
    static final long SESS_CACHE_EXTERNAL_ONLY = 0x302;
    /** With it, OpenSSL 3 issues stateful TLS 1.3 tickets whose identity is the session id. */
    static final long SSL_OP_NO_TICKET = 1L << 14;
    /** SSL_MAX_SSL_SESSION_ID_LENGTH. */
    static final int MAX_SESSION_ID_LENGTH = 32;
    /** SSL_MAX_SID_CTX_LENGTH. */
    static final int MAX_SID_CTX_LENGTH = 32;

    private static final Linker LINKER = Linker.nativeLinker();

    private final MethodHandle ctxCtrl;
    private final MethodHandle setNewCb;
    private final MethodHandle setGetCb;
    private final MethodHandle setOptions;
    private final MethodHandle setTimeout;
    private final MethodHandle i2dSession;
    private final MethodHandle d2iSession;
    private final MethodHandle sessionGetId;
    private final MethodHandle sessionFree;
    private final MethodHandle sslGetCtx;
    private final MethodHandle sessionProtocol;
    private final MethodHandle setSessionIdContext;
    private final long version;
    private final SymbolLookup lookup;

    private static volatile Loaded loaded;

    /** The library, or why it could not be loaded. */
    record Loaded(LibSsl lib, String problem) { }

    private LibSsl(SymbolLookup lookup) throws Throwable {
        this.lookup = lookup;
        sessionProtocol = bind(lookup, "SSL_SESSION_get_protocol_version",
                FunctionDescriptor.of(JAVA_INT, ADDRESS));
        setSessionIdContext = bind(lookup, "SSL_CTX_set_session_id_context",
                FunctionDescriptor.of(JAVA_INT, ADDRESS, ADDRESS, JAVA_INT));
        ctxCtrl = bind(lookup, "SSL_CTX_ctrl",
                FunctionDescriptor.of(JAVA_LONG, ADDRESS, JAVA_INT, JAVA_LONG, ADDRESS));
        setNewCb = bind(lookup, "SSL_CTX_sess_set_new_cb",
                FunctionDescriptor.ofVoid(ADDRESS, ADDRESS));
        setGetCb = bind(lookup, "SSL_CTX_sess_set_get_cb",
                FunctionDescriptor.ofVoid(ADDRESS, ADDRESS));
        setOptions = bind(lookup, "SSL_CTX_set_options",
                FunctionDescriptor.of(JAVA_LONG, ADDRESS, JAVA_LONG));
        setTimeout = bind(lookup, "SSL_CTX_set_timeout",
                FunctionDescriptor.of(JAVA_LONG, ADDRESS, JAVA_LONG));
        i2dSession = bind(lookup, "i2d_SSL_SESSION",
                FunctionDescriptor.of(JAVA_INT, ADDRESS, ADDRESS));
        d2iSession = bind(lookup, "d2i_SSL_SESSION",
                FunctionDescriptor.of(ADDRESS, ADDRESS, ADDRESS, JAVA_LONG));
        sessionGetId = bind(lookup, "SSL_SESSION_get_id",
                FunctionDescriptor.of(ADDRESS, ADDRESS, ADDRESS));
        sessionFree = bind(lookup, "SSL_SESSION_free", FunctionDescriptor.ofVoid(ADDRESS));
        sslGetCtx = bind(lookup, "SSL_get_SSL_CTX", FunctionDescriptor.of(ADDRESS, ADDRESS));
        version = (long) bind(lookup, "OpenSSL_version_num", FunctionDescriptor.of(JAVA_LONG))
                .invokeExact();
    }

    /** Loads the library once; never throws. */
    static Loaded load() {
        Loaded result = loaded;
        if (result == null) {
            synchronized (LibSsl.class) {
                result = loaded;
                if (result == null) {
                    result = tryLoad(System.mapLibraryName(
                            System.getProperty(LIBRARY_PROPERTY, "ssl")));
                    loaded = result;
                }
            }
        }
        return result;
    }

    /**
     * The loaded library.
     *
     * @throws IllegalStateException with the reason if it cannot be used
     */
    static LibSsl get() {
        Loaded result = load();
        if (result.lib() == null) {
            throw new IllegalStateException(result.problem());
        }
        return result.lib();
    }

    /** Loads library file {@code name} (e.g. {@code libssl.so}); never throws. */
    static Loaded tryLoad(String name) {
        LibSsl lib;
        try {
            // Global arena: the library and the upcall stubs stay for the life of the JVM.
            lib = new LibSsl(SymbolLookup.libraryLookup(name, Arena.global()));
        } catch (IllegalArgumentException e) {
            return new Loaded(null, "engine=openssl cannot load " + name + " (" + e.getMessage()
                    + "): install OpenSSL 3 with its development link (Debian/Ubuntu:"
                    + " apt-get install libssl-dev) or set -D" + LIBRARY_PROPERTY + " to the"
                    + " library's name");
        } catch (IllegalCallerException e) {
            return new Loaded(null, "engine=openssl needs native access: start the JVM with"
                    + " --enable-native-access=ALL-UNNAMED (" + e.getMessage() + ")");
        } catch (Throwable e) {
            return new Loaded(null, "engine=openssl cannot use " + name + ": " + e);
        }
        if (Long.compareUnsigned(lib.version, MIN_VERSION) < 0) {
            return new Loaded(null, "engine=openssl needs OpenSSL 3; " + name + " is version 0x"
                    + Long.toHexString(lib.version));
        }
        return new Loaded(lib, null);
    }

    /** The library's symbols, for the other bindings of this package. */
    SymbolLookup lookup() {
        return lookup;
    }

    static MethodHandle bind(SymbolLookup lookup, String function,
            FunctionDescriptor descriptor) {
        MemorySegment symbol = lookup.find(function).orElseThrow(() ->
                new IllegalArgumentException("no symbol " + function + " (not OpenSSL 3?)"));
        return LINKER.downcallHandle(symbol, descriptor);
    }

    /** {@code OpenSSL_version_num()}. */
    long version() {
        return version;
    }

    long ctxCtrl(MemorySegment ctx, int cmd, long larg) {
        try {
            return (long) ctxCtrl.invokeExact(ctx, cmd, larg, MemorySegment.NULL);
        } catch (Throwable e) {
            throw rethrow(e);
        }
    }

    void setCallbacks(MemorySegment ctx, MemorySegment newCb, MemorySegment getCb) {
        try {
            setNewCb.invokeExact(ctx, newCb);
            setGetCb.invokeExact(ctx, getCb);
        } catch (Throwable e) {
            throw rethrow(e);
        }
    }

    long setOptions(MemorySegment ctx, long options) {
        try {
            return (long) setOptions.invokeExact(ctx, options);
        } catch (Throwable e) {
            throw rethrow(e);
        }
    }

    void setTimeout(MemorySegment ctx, long seconds) {
        try {
            long previous = (long) setTimeout.invokeExact(ctx, seconds);
        } catch (Throwable e) {
            throw rethrow(e);
        }
    }

    /**
     * {@code SSL_CTX_set_session_id_context}: OpenSSL resumes a session (id, ticket or TLS 1.3
     * PSK) only in a context with the same value; any other is a full handshake.
     *
     * @throws IllegalArgumentException if {@code context} is empty or longer than 32 bytes
     * @throws IllegalStateException if OpenSSL refuses it
     */
    void setSessionIdContext(MemorySegment ctx, byte[] context) {
        if (context.length == 0 || context.length > MAX_SID_CTX_LENGTH) {
            throw new IllegalArgumentException("a session-id context has 1 to "
                    + MAX_SID_CTX_LENGTH + " bytes, not " + context.length);
        }
        try (Arena arena = Arena.ofConfined()) {
            MemorySegment bytes = arena.allocateFrom(JAVA_BYTE, context);
            int ok = (int) setSessionIdContext.invokeExact(ctx, bytes, context.length);
            if (ok != 1) {
                throw new IllegalStateException("SSL_CTX_set_session_id_context returned " + ok);
            }
        } catch (Throwable e) {
            throw rethrow(e);
        }
    }

    MemorySegment contextOf(MemorySegment ssl) {
        try {
            return (MemorySegment) sslGetCtx.invokeExact(ssl);
        } catch (Throwable e) {
            throw rethrow(e);
        }
    }

    /** The session's id (a copy). */
    byte[] sessionId(MemorySegment session) {
        try (Arena arena = Arena.ofConfined()) {
            MemorySegment length = arena.allocate(JAVA_INT);
            MemorySegment id = (MemorySegment) sessionGetId.invokeExact(session, length);
            int n = length.get(JAVA_INT, 0);
            if (id.equals(MemorySegment.NULL) || n < 0 || n > MAX_SESSION_ID_LENGTH) {
                throw new IllegalStateException("session without a valid id (length " + n + ")");
            }
            return id.reinterpret(n).toArray(JAVA_BYTE);
        } catch (Throwable e) {
            throw rethrow(e);
        }
    }

    /**
     * The session in DER ({@code i2d_SSL_SESSION}). It holds the master secret: the caller seals
     * it and erases the array. The native copy is erased here.
     */
    byte[] encode(MemorySegment session) {
        try (Arena arena = Arena.ofConfined()) {
            int length = (int) i2dSession.invokeExact(session, MemorySegment.NULL);
            if (length <= 0) {
                throw new IllegalStateException("i2d_SSL_SESSION returned " + length);
            }
            MemorySegment buffer = arena.allocate(length);
            MemorySegment cursor = arena.allocate(ADDRESS);
            cursor.set(ADDRESS, 0, buffer);
            int written = (int) i2dSession.invokeExact(session, cursor);
            try {
                if (written != length) {
                    throw new IllegalStateException("i2d_SSL_SESSION wrote " + written + " of "
                            + length + " bytes");
                }
                return buffer.toArray(JAVA_BYTE);
            } finally {
                buffer.fill((byte) 0);
            }
        } catch (Throwable e) {
            throw rethrow(e);
        }
    }

    /**
     * A new {@code SSL_SESSION*} (reference count 1, owned by the caller) from DER, or
     * {@link MemorySegment#NULL} if the bytes are not a session.
     */
    MemorySegment decode(byte[] der) {
        try (Arena arena = Arena.ofConfined()) {
            MemorySegment buffer = arena.allocate(der.length);
            MemorySegment.copy(der, 0, buffer, JAVA_BYTE, 0, der.length);
            MemorySegment cursor = arena.allocate(ADDRESS);
            cursor.set(ADDRESS, 0, buffer);
            try {
                return (MemorySegment) d2iSession.invokeExact(MemorySegment.NULL, cursor,
                        (long) der.length);
            } finally {
                buffer.fill((byte) 0);
            }
        } catch (Throwable e) {
            throw rethrow(e);
        }
    }

    /** {@code SSL_SESSION_get_protocol_version}: 0x0303 for TLS 1.2, 0x0304 for TLS 1.3. */
    int protocolOf(MemorySegment session) {
        try {
            return (int) sessionProtocol.invokeExact(session);
        } catch (Throwable e) {
            throw rethrow(e);
        }
    }

    void freeSession(MemorySegment session) {
        try {
            sessionFree.invokeExact(session);
        } catch (Throwable e) {
            throw rethrow(e);
        }
    }

    static RuntimeException rethrow(Throwable e) {
        if (e instanceof RuntimeException r) {
            return r;
        }
        if (e instanceof Error error) {
            throw error;
        }
        return new IllegalStateException(e);
    }
}
