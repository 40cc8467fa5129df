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
 */
public final class ObservedSslEngine extends SSLEngine {
    private final ReferenceCountedOpenSslEngine delegate;
    private final HandshakeObserver observer;
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

    /** The Netty engine doing the work. */
    public ReferenceCountedOpenSslEngine delegate() {
        return delegate;
    }

    @Override
    public SSLEngineResult wrap(ByteBuffer[] srcs, int offset, int length, ByteBuffer dst)
            throws SSLException {
        try {
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
            return observe(delegate.unwrap(src, dsts, offset, length));
        } catch (SSLException | RuntimeException e) {
            fail();
            throw e;
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
        delegate.closeInbound();
    }

    @Override
    public boolean isInboundDone() {
        return delegate.isInboundDone();
    }

    @Override
    public void closeOutbound() {
        delegate.closeOutbound();
    }

    @Override
    public boolean isOutboundDone() {
        return delegate.isOutboundDone();
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
        delegate.setEnabledCipherSuites(suites);
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
        delegate.setEnabledProtocols(protocols);
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
        delegate.beginHandshake();
    }

    @Override
    public HandshakeStatus getHandshakeStatus() {
        return delegate.getHandshakeStatus();
    }

    @Override
    public void setUseClientMode(boolean mode) {
        delegate.setUseClientMode(mode);
    }

    @Override
    public boolean getUseClientMode() {
        return delegate.getUseClientMode();
    }

    @Override
    public void setNeedClientAuth(boolean need) {
        delegate.setNeedClientAuth(need);
    }

    @Override
    public boolean getNeedClientAuth() {
        return delegate.getNeedClientAuth();
    }

    @Override
    public void setWantClientAuth(boolean want) {
        delegate.setWantClientAuth(want);
    }

    @Override
    public boolean getWantClientAuth() {
        return delegate.getWantClientAuth();
    }

    @Override
    public void setEnableSessionCreation(boolean flag) {
        delegate.setEnableSessionCreation(flag);
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
        String[] groups = NamedGroups.get(params);
        if (groups == null) {
            delegate.setSSLParameters(params);
            return;
        }
        NamedGroups.set(params, null);
        try {
            delegate.setSSLParameters(params);
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
        delegate.setHandshakeApplicationProtocolSelector(selector);
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
