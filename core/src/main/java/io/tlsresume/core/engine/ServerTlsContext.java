package io.tlsresume.core.engine;

import io.netty.buffer.ByteBufAllocator;
import io.netty.handler.ssl.ApplicationProtocolConfig;
import io.netty.handler.ssl.ApplicationProtocolConfig.Protocol;
import io.netty.handler.ssl.ApplicationProtocolConfig.SelectedListenerFailureBehavior;
import io.netty.handler.ssl.ApplicationProtocolConfig.SelectorFailureBehavior;
import io.netty.handler.ssl.OpenSsl;
import io.netty.handler.ssl.OpenSslContextOption;
import io.netty.handler.ssl.OpenSslServerSessionContext;
import io.netty.handler.ssl.OpenSslSessionStats;
import io.netty.handler.ssl.OpenSslSessionTicketKey;
import io.netty.handler.ssl.ReferenceCountedOpenSslEngine;
import io.netty.handler.ssl.SslContext;
import io.netty.handler.ssl.SslContextBuilder;
import io.netty.handler.ssl.SslProvider;
import io.tlsresume.core.KeySource;
import io.tlsresume.core.metrics.HandshakeObserver;
import io.tlsresume.core.ring.TicketKey;
import io.tlsresume.core.ring.TicketKeyInstaller;
import io.netty.util.ReferenceCountUtil;
import java.security.cert.X509Certificate;
import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import java.util.Objects;
import javax.net.ssl.SSLException;

/**
 * One server-side TLS context on Netty's BoringSSL engine, whose session-ticket keys come from
 * the cluster's ring. Engines are made per connection; the context is immutable apart from its
 * ticket keys, which the ring replaces on rotation.
 */
public final class ServerTlsContext implements TicketKeyInstaller {
    /** TLS 1.3 first: both are offered. */
    public static final List<String> PROTOCOLS = List.of("TLSv1.3", "TLSv1.2");

    /**
     * ECDHE with AEAD only: forward secret, and acceptable to HTTP/2 (RFC 7540 section 9.2.2), so
     * the protocol the engine picks by ALPN is never refused later by the server.
     */
    public static final List<String> CIPHERS = List.of(
            "TLS_AES_128_GCM_SHA256", "TLS_AES_256_GCM_SHA384", "TLS_CHACHA20_POLY1305_SHA256",
            "TLS_ECDHE_ECDSA_WITH_AES_128_GCM_SHA256", "TLS_ECDHE_RSA_WITH_AES_128_GCM_SHA256",
            "TLS_ECDHE_ECDSA_WITH_AES_256_GCM_SHA384", "TLS_ECDHE_RSA_WITH_AES_256_GCM_SHA384",
            "TLS_ECDHE_ECDSA_WITH_CHACHA20_POLY1305_SHA256",
            "TLS_ECDHE_RSA_WITH_CHACHA20_POLY1305_SHA256");

    private final SslContext context;
    private final OpenSslServerSessionContext sessions;
    private final HandshakeObserver observer;
    private final SessionScope scope;
    private final List<X509Certificate> chain;

    private ServerTlsContext(SslContext context, HandshakeObserver observer, SessionScope scope,
            List<X509Certificate> chain) {
        this.context = context;
        this.sessions = (OpenSslServerSessionContext) context.sessionContext();
        this.observer = observer;
        this.scope = scope;
        this.chain = chain;
    }

    /**
     * Builds a context without client certificates in {@link SessionScope#DEFAULT}. Its ticket
     * keys must be installed (by registering it with the node's rotator) before it serves a
     * connection; until then BoringSSL would use a random key.
     *
     * @param keys the server's key and certificate chain
     * @param ticketLifetime the ticket lifetime to advertise
     * @param alpnProtocols protocols to offer by ALPN in preference order; empty for no ALPN
     * @param observer told about every handshake
     * @throws IllegalStateException if the BoringSSL native library cannot load here
     */
    public static ServerTlsContext create(KeySource keys, Duration ticketLifetime,
            List<String> alpnProtocols, HandshakeObserver observer) {
        return create(keys, ticketLifetime, TlsContextOptions.defaults().withAlpn(alpnProtocols),
                observer);
    }

    /**
     * Builds a context that offers only {@code namedGroups} for key exchange, without client
     * certificates, in {@link SessionScope#DEFAULT}.
     *
     * @param namedGroups key-exchange groups in preference order, JDK or OpenSSL names
     *     ({@code x25519}, {@code secp256r1}, {@code X25519MLKEM768}); empty for BoringSSL's
     *     defaults
     * @throws IllegalStateException if BoringSSL refuses a group or the key, or cannot load
     */
    public static ServerTlsContext create(KeySource keys, Duration ticketLifetime,
            List<String> alpnProtocols, List<String> namedGroups, HandshakeObserver observer) {
        return create(keys, ticketLifetime, TlsContextOptions.defaults().withAlpn(alpnProtocols)
                .withNamedGroups(namedGroups), observer);
    }

    /**
     * Builds a context. Its ticket keys must be installed (by registering it with the node's
     * rotator) before it serves a connection; until then BoringSSL would use a random key.
     *
     * <p>Groups are set here, on the context, because this engine cannot take them per
     * connection (see {@link ObservedSslEngine#setSSLParameters}). Client certificates are
     * verified by {@code options.clientAuth()}'s trust manager alone. The scope becomes the
     * context's session-id context, which BoringSSL checks on every resumption: a session made
     * under another scope gets a full handshake.
     *
     * @param keys the server's key and certificate chain
     * @param ticketLifetime the ticket lifetime to advertise
     * @param options ALPN, groups, client authentication and scope
     * @param observer told about every handshake
     * @throws IllegalArgumentException if {@code options.scope()} was derived for another client
     *     authentication than {@code options.clientAuth()}
     * @throws IllegalStateException if BoringSSL refuses a group or the key, or cannot load
     */
    public static ServerTlsContext create(KeySource keys, Duration ticketLifetime,
            TlsContextOptions options, HandshakeObserver observer) {
        requireEngine();
        SessionScope scope = options.scope();
        if (!scope.derivedFrom(options.clientAuth())) {
            // A scope that does not cover the client auth would let sessions made without a
            // verified certificate resume where one is required (nginx CVE-2014-3616).
            throw new IllegalArgumentException(scope + " was not derived from "
                    + options.clientAuth() + ": derive it with SessionScope.of from the same"
                    + " client auth");
        }
        List<X509Certificate> chain = keys.certificateChain();
        SslContextBuilder builder = keys.newServerBuilder()
                .sslProvider(SslProvider.OPENSSL)
                .protocols(PROTOCOLS)
                .ciphers(CIPHERS)
                .sessionTimeout(ticketLifetime.toSeconds());
        List<String> alpnProtocols = options.alpnProtocols();
        if (!alpnProtocols.isEmpty()) {
            // Netty's engine chooses the protocol itself; it ignores the JDK ALPN API.
            builder.applicationProtocolConfig(new ApplicationProtocolConfig(Protocol.ALPN,
                    SelectorFailureBehavior.NO_ADVERTISE,
                    SelectedListenerFailureBehavior.ACCEPT, alpnProtocols));
        }
        List<String> namedGroups = options.namedGroups();
        if (!namedGroups.isEmpty()) {
            builder.option(OpenSslContextOption.GROUPS, namedGroups.toArray(String[]::new));
        }
        ClientAuth auth = options.clientAuth();
        if (auth.mode() != ClientAuth.Mode.NONE) {
            builder.clientAuth(auth.mode() == ClientAuth.Mode.REQUIRED
                    ? io.netty.handler.ssl.ClientAuth.REQUIRE
                    : io.netty.handler.ssl.ClientAuth.OPTIONAL);
            builder.trustManager(auth.trustManager());
        }
        SslContext built;
        try {
            built = builder.build();
        } catch (SSLException e) {
            throw new IllegalStateException("cannot build the TLS context from "
                    + keys.describe() + (namedGroups.isEmpty() ? "" : " with groups "
                    + namedGroups) + ": " + e.getMessage(), e);
        }
        var sessions = (OpenSslServerSessionContext) built.sessionContext();
        if (!sessions.setSessionIdContext(scope.sessionIdContext())) {
            ReferenceCountUtil.release(built);
            throw new IllegalStateException("BoringSSL refused the session-id context of "
                    + scope);
        }
        return new ServerTlsContext(built, observer, scope, chain);
    }

    /** Fails with the native loader's reason if BoringSSL is not usable on this machine. */
    public static void requireEngine() {
        if (!OpenSsl.isAvailable()) {
            throw new IllegalStateException("netty-tcnative-boringssl-static could not load on"
                    + " this platform (" + System.getProperty("os.name") + "/"
                    + System.getProperty("os.arch") + ")", OpenSsl.unavailabilityCause());
        }
    }

    /** A server engine for one connection. */
    public ObservedSslEngine newEngine(String peerHost, int peerPort) {
        var engine = (ReferenceCountedOpenSslEngine) context.newEngine(ByteBufAllocator.DEFAULT,
                peerHost, peerPort);
        return new ObservedSslEngine(engine, peerHost, peerPort, observer);
    }

    /**
     * A server engine for one connection whose context is chosen by {@code selector} from the
     * client's ClientHello (SNI, signature algorithms, ...).
     *
     * <p>The engine starts on this context. On the first {@code unwrap} whose source holds a
     * complete ClientHello it asks {@code selector} and moves to the chosen context before any
     * byte reaches BoringSSL, replaying every setting made on the engine so far (client mode,
     * {@code SSLParameters} with client authentication, enabled suites and protocols, session
     * creation). Until the ClientHello is complete, {@code unwrap} returns
     * {@code BUFFER_UNDERFLOW} and consumes nothing; only when a ClientHello spans several
     * records and the source holds some of them whole does it take those (status {@code OK},
     * {@code NEED_UNWRAP}) and keep them for the chosen engine, because some servers hand the
     * engine one record at a time. Input that is not a readable ClientHello
     * stays on this context, which fails the handshake as BoringSSL sees fit. When the selector
     * refuses ({@code SSLHandshakeException}), the next {@code wrap} sends a fatal
     * {@code unrecognized_name} alert and the handshake fails.
     *
     * @param selector chooses the context; may return this one
     */
    public ObservedSslEngine newEngine(String peerHost, int peerPort, ContextSelector selector) {
        return new ObservedSslEngine(newDelegate(peerHost, peerPort), peerHost, peerPort,
                observer, this, Objects.requireNonNull(selector, "selector"));
    }

    /** A bare Netty engine of this context, for {@link ObservedSslEngine} to wrap. */
    ReferenceCountedOpenSslEngine newDelegate(String peerHost, int peerPort) {
        return (ReferenceCountedOpenSslEngine) context.newEngine(ByteBufAllocator.DEFAULT,
                peerHost, peerPort);
    }

    /** Told about the handshakes this context serves. */
    HandshakeObserver observer() {
        return observer;
    }

    /** A server engine for a connection whose peer is unknown. */
    public ObservedSslEngine newEngine() {
        return newEngine(null, -1);
    }

    /** Which sessions may resume in this context. */
    public SessionScope scope() {
        return scope;
    }

    /** The server's certificate chain, leaf first. */
    public List<X509Certificate> certificateChain() {
        return chain;
    }

    /**
     * The type of the server's key, from its leaf certificate.
     *
     * @throws IllegalArgumentException for a key that is neither RSA nor EC
     */
    public KeyType keyType() {
        return KeyType.of(chain.get(0).getPublicKey());
    }

    /** BoringSSL's counters for this context (ticket renewals and decrypt failures). */
    public OpenSslSessionStats stats() {
        return sessions.stats();
    }

    @Override
    public void install(List<TicketKey> keys) {
        OpenSslSessionTicketKey[] converted = new OpenSslSessionTicketKey[keys.size()];
        for (int i = 0; i < converted.length; i++) {
            TicketKey key = keys.get(i);
            byte[] hmac = key.hmacKey();
            byte[] aes = key.aesKey();
            converted[i] = new OpenSslSessionTicketKey(key.name(), hmac, aes);
            // Netty keeps its own copies; drop ours now.
            Arrays.fill(hmac, (byte) 0);
            Arrays.fill(aes, (byte) 0);
        }
        sessions.setTicketKeys(converted);
    }
}
