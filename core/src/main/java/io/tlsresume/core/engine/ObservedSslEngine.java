package io.tlsresume.core.engine;

import io.netty.handler.ssl.ReferenceCountedOpenSslEngine;
import io.netty.internal.tcnative.SSL;
import io.tlsresume.core.metrics.HandshakeObserver;
import java.nio.ByteBuffer;
import java.util.List;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.BiFunction;
import java.util.function.Consumer;
import javax.net.ssl.SSLEngine;
import javax.net.ssl.SSLEngineResult;
import javax.net.ssl.SSLEngineResult.HandshakeStatus;
import javax.net.ssl.SSLException;
import javax.net.ssl.SSLHandshakeException;
import javax.net.ssl.SSLParameters;
import javax.net.ssl.SSLSession;

/**
 * Netty's OpenSSL engine seen through a thin delegate that notices the end of every handshake.
 *
 * <p>Why a delegate: the servers' own handshake notifications miss some of this engine's
 * handshakes (Netty may end a handshake with {@code BUFFER_UNDERFLOW + FINISHED}, which Jetty's
 * {@code SslConnection} does not report). Every {@code wrap}/{@code unwrap} result passes through
 * here, so no handshake is missed, whatever the server does with the result.
 *
 * <p>Whether a handshake resumed a session comes from BoringSSL itself
 * ({@code SSL_session_reused}), read on the handshaking thread while the engine is alive.
 *
 * <p>An engine made with a {@link ContextSelector} (see
 * {@link ServerTlsContext#newEngine(String, int, ContextSelector)}) keeps BoringSSL out until the
 * whole ClientHello is in, then serves on the chosen context's engine, configured as this one
 * was.
 */
public final class ObservedSslEngine extends SSLEngine {
    private volatile ReferenceCountedOpenSslEngine delegate;
    private volatile HandshakeObserver observer;
    /** Non-null until the context is chosen; its monitor guards the choice. */
    private volatile ContextSelection selection;
    /** Non-null once the selector refused the connection. */
    private volatile Refusal refusal;
    /** ClientHello records taken while choosing, for the chosen engine; unwrap thread only. */
    private ByteBuffer carried;
    private volatile Boolean resumed;
    private volatile boolean handshakeStarted;
    private final AtomicBoolean completing = new AtomicBoolean();
    private final AtomicBoolean failed = new AtomicBoolean();
    private Consumer<? super ObservedSslEngine> onCompleted; // guarded by this
    private boolean completionActionRan; // guarded by this

    ObservedSslEngine(ReferenceCountedOpenSslEngine delegate, String peerHost, int peerPort,
            HandshakeObserver observer) {
        super(peerHost, peerPort);
        this.delegate = delegate;
        this.observer = observer;
    }

    ObservedSslEngine(ReferenceCountedOpenSslEngine delegate, String peerHost, int peerPort,
            HandshakeObserver observer, ServerTlsContext initial, ContextSelector selector) {
        this(delegate, peerHost, peerPort, observer);
        this.selection = new ContextSelection(initial, selector);
    }

    /**
     * Whether this connection's handshake resumed a session: {@code null} until the handshake
     * has completed.
     */
    public Boolean resumed() {
        return resumed;
    }

    /**
     * Runs {@code action} once, on the handshaking thread, right after this connection's
     * handshake completes (or at once if it already has). Servers use it where their own
     * handshake notification may be skipped, e.g. to pick the ALPN protocol.
     */
    public void whenHandshakeCompleted(Consumer<? super ObservedSslEngine> action) {
        synchronized (this) {
            onCompleted = action;
        }
        if (resumed != null) {
            runCompletionAction();
        }
    }

    /** Runs the completion action once, whichever thread gets here first. */
    private void runCompletionAction() {
        Consumer<? super ObservedSslEngine> action;
        synchronized (this) {
            action = completionActionRan ? null : onCompleted;
            completionActionRan = action != null;
        }
        if (action != null) {
            action.accept(this);
        }
    }

    /**
     * The Netty engine doing the work. With a {@link ContextSelector}, this is replaced once,
     * when the ClientHello has chosen another context.
     */
    public ReferenceCountedOpenSslEngine delegate() {
        return delegate;
    }

    @Override
    public SSLEngineResult wrap(ByteBuffer[] srcs, int offset, int length, ByteBuffer dst)
            throws SSLException {
        try {
            ContextSelection choosing = selection;
            if (choosing != null) {
                synchronized (choosing) {
                    if (selection != null) {
                        return observe(delegate.wrap(srcs, offset, length, dst));
                    }
                }
            }
            Refusal refused = refusal;
            if (refused != null) {
                return refused.wrap(dst);
            }
            return observe(delegate.wrap(srcs, offset, length, dst));
        } catch (SSLException | RuntimeException e) {
            fail();
            throw e;
        }
    }

    @Override
    public SSLEngineResult unwrap(ByteBuffer src, ByteBuffer[] dsts, int offset, int length)
            throws SSLException {
        try {
            ContextSelection choosing = selection;
            if (choosing != null) {
                synchronized (choosing) {
                    if (selection != null) {
                        SSLEngineResult waiting = choose(choosing, src);
                        if (waiting != null) {
                            return waiting;
                        }
                    }
                }
            }
            Refusal refused = refusal;
            if (refused != null) {
                throw refused.reason();
            }
            return observe(carried == null ? delegate.unwrap(src, dsts, offset, length)
                    : unwrapCarried(src, dsts, offset, length));
        } catch (SSLException | RuntimeException e) {
            fail();
            throw e;
        }
    }

    /**
     * One step of choosing the context: a result to return while the ClientHello is incomplete,
     * {@code null} once the engine serving the connection is in place.
     *
     * @throws SSLHandshakeException when the connection is refused; as with the JDK's engine,
     *     the next {@code wrap} gives the alert, which every server sends before closing
     */
    private SSLEngineResult choose(ContextSelection choosing, ByteBuffer src)
            throws SSLHandshakeException {
        ContextSelection.Outcome outcome = choosing.next(src);
        if (outcome instanceof ContextSelection.Wait wait) {
            return wait.consumed() == 0
                    ? new SSLEngineResult(SSLEngineResult.Status.BUFFER_UNDERFLOW,
                            HandshakeStatus.NEED_UNWRAP, 0, 0)
                    : new SSLEngineResult(SSLEngineResult.Status.OK, HandshakeStatus.NEED_UNWRAP,
                            wait.consumed(), 0);
        }
        if (outcome instanceof ContextSelection.Refuse refuse) {
            throw refuse(refuse.refusal());
        }
        ContextSelection.Serve serve = (ContextSelection.Serve) outcome;
        if (serve.context() != null) {
            ReferenceCountedOpenSslEngine chosen = serve.context().newDelegate(getPeerHost(),
                    getPeerPort());
            try {
                choosing.settings().replay(chosen);
            } catch (SSLException | RuntimeException e) {
                chosen.shutdown();
                throw refuse(new Refusal(Refusal.INTERNAL_ERROR, ContextSelection.failure(
                        "the chosen context does not take this connection's settings: " + e,
                        e)));
            }
            ReferenceCountedOpenSslEngine replaced = delegate;
            delegate = chosen;
            observer = serve.context().observer();
            replaced.shutdown();
        }
        carried = serve.carried();
        selection = null;
        return null;
    }

    /** Ends the connection before BoringSSL saw it; the caller throws the reason. */
    private SSLHandshakeException refuse(Refusal refused) {
        refusal = refused;
        selection = null;
        delegate.shutdown(); // frees the native engine now rather than at finalization
        return refused.reason();
    }

    /**
     * Feeds the chosen engine the records taken while choosing, then {@code src}. Netty's engine
     * takes one record per call during the handshake: call it until it has taken something of
     * {@code src}, or the server, seeing nothing of its bytes taken, would wait for more
     * network input that never comes.
     */
    private SSLEngineResult unwrapCarried(ByteBuffer src, ByteBuffer[] dsts, int offset,
            int length) throws SSLException {
        ByteBuffer all = ByteBuffer.allocate(carried.remaining() + src.remaining());
        all.put(carried.duplicate()).put(src.duplicate()).flip();
        int produced = 0;
        SSLEngineResult result;
        do {
            result = delegate.unwrap(all, dsts, offset, length);
            produced += result.bytesProduced();
        } while (all.position() <= carried.remaining() && all.hasRemaining()
                && result.bytesConsumed() > 0 && result.bytesProduced() == 0
                && result.getStatus() == SSLEngineResult.Status.OK
                && result.getHandshakeStatus() == HandshakeStatus.NEED_UNWRAP);
        int consumed = all.position();
        int fromCarried = Math.min(consumed, carried.remaining());
        carried.position(carried.position() + fromCarried);
        int fromSrc = consumed - fromCarried;
        src.position(src.position() + fromSrc);
        if (!carried.hasRemaining()) {
            carried = null;
        }
        return new SSLEngineResult(result.getStatus(), result.getHandshakeStatus(), fromSrc,
                produced);
    }

    /**
     * Makes a setting on the engine; while the context is still to be chosen, also remembers it
     * for the chosen context's engine.
     */
    private void set(EngineSettings.Setting setting) throws SSLException {
        ContextSelection choosing = selection;
        if (choosing != null) {
            synchronized (choosing) {
                if (selection != null) {
                    choosing.settings().apply(setting, delegate);
                    return;
                }
            }
        }
        setting.applyTo(delegate);
    }

    /** {@link #set} for settings that cannot throw {@code SSLException}. */
    private void setUnchecked(EngineSettings.Setting setting) {
        try {
            set(setting);
        } catch (SSLException e) {
            throw new IllegalStateException(e);
        }
    }

    private SSLEngineResult observe(SSLEngineResult result) {
        if (resumed != null) {
            return result;
        }
        HandshakeStatus status = result.getHandshakeStatus();
        if (status == HandshakeStatus.FINISHED
                || (handshakeStarted && status == HandshakeStatus.NOT_HANDSHAKING
                        && result.getStatus() != SSLEngineResult.Status.CLOSED)) {
            complete();
        } else if (status != HandshakeStatus.NOT_HANDSHAKING) {
            handshakeStarted = true;
        }
        return result;
    }

    private void complete() {
        // wrap and unwrap may run on two threads at once (a server flushing while it fills):
        // count the handshake once.
        if (!completing.compareAndSet(false, true)) {
            return;
        }
        boolean reused;
        // The SSL pointer is freed when the engine shuts down; Netty guards it with the engine's
        // monitor, so hold it while BoringSSL is asked.
        synchronized (delegate) {
            long ssl = delegate.sslPointer();
            if (ssl == 0) {
                return; // closed under us: neither completed nor worth counting
            }
            reused = SSL.isSessionReused(ssl);
        }
        resumed = reused;
        observer.handshakeCompleted(reused, delegate.getSession().getProtocol());
        runCompletionAction();
    }

    private void fail() {
        if (resumed == null && !completing.get() && failed.compareAndSet(false, true)) {
            observer.handshakeFailed();
        }
    }

    @Override
    public Runnable getDelegatedTask() {
        return delegate.getDelegatedTask();
    }

    @Override
    public void closeInbound() throws SSLException {
        if (refusal == null) {
            stopChoosing();
            delegate.closeInbound();
        }
    }

    @Override
    public boolean isInboundDone() {
        Refusal refused = refusal;
        return refused != null ? refused.sent() : delegate.isInboundDone();
    }

    @Override
    public void closeOutbound() {
        if (refusal == null) {
            stopChoosing();
            delegate.closeOutbound();
        }
    }

    @Override
    public boolean isOutboundDone() {
        Refusal refused = refusal;
        return refused != null ? refused.sent() : delegate.isOutboundDone();
    }

    /** A connection closed before its ClientHello stays on the engine it has. */
    private void stopChoosing() {
        ContextSelection choosing = selection;
        if (choosing != null) {
            synchronized (choosing) {
                selection = null;
            }
        }
    }

    @Override
    public String[] getSupportedCipherSuites() {
        return delegate.getSupportedCipherSuites();
    }

    @Override
    public String[] getEnabledCipherSuites() {
        return delegate.getEnabledCipherSuites();
    }

    @Override
    public void setEnabledCipherSuites(String[] suites) {
        String[] copy = suites.clone();
        setUnchecked(engine -> engine.setEnabledCipherSuites(copy));
    }

    @Override
    public String[] getSupportedProtocols() {
        return delegate.getSupportedProtocols();
    }

    @Override
    public String[] getEnabledProtocols() {
        return delegate.getEnabledProtocols();
    }

    @Override
    public void setEnabledProtocols(String[] protocols) {
        String[] copy = protocols.clone();
        setUnchecked(engine -> engine.setEnabledProtocols(copy));
    }

    @Override
    public SSLSession getSession() {
        return delegate.getSession();
    }

    @Override
    public SSLSession getHandshakeSession() {
        return delegate.getHandshakeSession();
    }

    @Override
    public void beginHandshake() throws SSLException {
        if (refusal != null) {
            return; // the handshake has already failed; wrap sends the alert
        }
        set(ReferenceCountedOpenSslEngine::beginHandshake);
    }

    @Override
    public HandshakeStatus getHandshakeStatus() {
        Refusal refused = refusal;
        return refused != null ? refused.handshakeStatus() : delegate.getHandshakeStatus();
    }

    @Override
    public void setUseClientMode(boolean mode) {
        setUnchecked(engine -> engine.setUseClientMode(mode));
    }

    @Override
    public boolean getUseClientMode() {
        return delegate.getUseClientMode();
    }

    @Override
    public void setNeedClientAuth(boolean need) {
        setUnchecked(engine -> engine.setNeedClientAuth(need));
    }

    @Override
    public boolean getNeedClientAuth() {
        return delegate.getNeedClientAuth();
    }

    @Override
    public void setWantClientAuth(boolean want) {
        setUnchecked(engine -> engine.setWantClientAuth(want));
    }

    @Override
    public boolean getWantClientAuth() {
        return delegate.getWantClientAuth();
    }

    @Override
    public void setEnableSessionCreation(boolean flag) {
        setUnchecked(engine -> engine.setEnableSessionCreation(flag));
    }

    @Override
    public boolean getEnableSessionCreation() {
        return delegate.getEnableSessionCreation();
    }

    @Override
    public SSLParameters getSSLParameters() {
        return delegate.getSSLParameters();
    }

    /**
     * Applies {@code params} except their named groups.
     *
     * <p>Why: on JDK 20+ servers (Tomcat 11 always, when the client sent supported_groups) put
     * the client's groups into the parameters; Netty hands them to BoringSSL per connection and
     * throws {@code UnsupportedOperationException} as soon as one is unknown to BoringSSL
     * ({@code ffdhe2048}, {@code x448}, ...), failing the handshake. BoringSSL already picks a
     * group from the client's list and the context's list, so the server's groups belong on the
     * context ({@link ServerTlsContext#create(io.tlsresume.core.KeySource, java.time.Duration,
     * List, List, HandshakeObserver)}). The caller's object is left as it was.
     */
    @Override
    public void setSSLParameters(SSLParameters params) {
        if (selection == null) {
            setWithoutGroups(delegate, params);
            return;
        }
        SSLParameters copy = SslParametersCopy.of(params);
        setUnchecked(engine -> setWithoutGroups(engine, copy));
    }

    private static void setWithoutGroups(ReferenceCountedOpenSslEngine engine,
            SSLParameters params) {
        String[] groups = NamedGroups.get(params);
        if (groups == null) {
            engine.setSSLParameters(params);
            return;
        }
        NamedGroups.set(params, null);
        try {
            engine.setSSLParameters(params);
        } finally {
            NamedGroups.set(params, groups);
        }
    }

    @Override
    public String getApplicationProtocol() {
        return delegate.getApplicationProtocol();
    }

    @Override
    public String getHandshakeApplicationProtocol() {
        return delegate.getHandshakeApplicationProtocol();
    }

    @Override
    public void setHandshakeApplicationProtocolSelector(
            BiFunction<SSLEngine, List<String>, String> selector) {
        setUnchecked(engine -> engine.setHandshakeApplicationProtocolSelector(selector));
    }

    @Override
    public BiFunction<SSLEngine, List<String>, String> getHandshakeApplicationProtocolSelector() {
        return delegate.getHandshakeApplicationProtocolSelector();
    }

    @Override
    public String toString() {
        return "ObservedSslEngine[" + getPeerHost() + ":" + getPeerPort() + ", resumed=" + resumed
                + "]";
    }
}
