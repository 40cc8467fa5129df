package io.tlsresume.jetty.openssl;

import java.nio.ByteBuffer;
import java.security.cert.X509Certificate;
import javax.net.ssl.SSLEngine;
import javax.net.ssl.SSLEngineResult;
import javax.net.ssl.SSLException;
import javax.net.ssl.SSLSession;
import org.apache.tomcat.util.net.SSLUtil;

/**
 * Tomcat's FFM OpenSSL engine as Jetty needs to see it. Jetty's {@code SslConnection} asks
 * every engine for its handshake session to size buffers, which Tomcat's engine does not
 * implement ({@code UnsupportedOperationException}, the connection is dropped before the
 * handshake): here there is none, so Jetty sizes from the session. Its session names no local certificate ({@link ServedSession}). Jetty also reads the ALPN
 * result through {@link #getApplicationProtocol()}, which Tomcat's engine reports under
 * another name. Everything else is passed through unchanged.
 */
final class JettyOpenSslEngine extends SSLEngine {
    private final SSLEngine engine;
    private final X509Certificate[] served;

    /** @param served the certificate chain the context serves */
    JettyOpenSslEngine(SSLEngine tomcatEngine, X509Certificate[] served, String peerHost,
            int peerPort) {
        super(peerHost, peerPort);
        this.engine = tomcatEngine;
        this.served = served;
    }

    /** The protocol OpenSSL negotiated by ALPN, or {@code null}/empty for none. */
    @Override
    public String getApplicationProtocol() {
        return ((SSLUtil.ProtocolInfo) engine).getNegotiatedProtocol();
    }

    @Override
    public String getHandshakeApplicationProtocol() {
        return null;
    }

    @Override
    public SSLSession getHandshakeSession() {
        return null;
    }

    @Override
    public SSLEngineResult wrap(ByteBuffer[] srcs, int offset, int length, ByteBuffer dst)
            throws SSLException {
        return engine.wrap(srcs, offset, length, dst);
    }

    @Override
    public SSLEngineResult unwrap(ByteBuffer src, ByteBuffer[] dsts, int offset, int length)
            throws SSLException {
        return engine.unwrap(src, dsts, offset, length);
    }

    @Override
    public Runnable getDelegatedTask() {
        return engine.getDelegatedTask();
    }

    @Override
    public void closeInbound() throws SSLException {
        engine.closeInbound();
    }

    @Override
    public boolean isInboundDone() {
        return engine.isInboundDone();
    }

    @Override
    public void closeOutbound() {
        engine.closeOutbound();
    }

    @Override
    public boolean isOutboundDone() {
        return engine.isOutboundDone();
    }

    @Override
    public String[] getSupportedCipherSuites() {
        return engine.getSupportedCipherSuites();
    }

    @Override
    public String[] getEnabledCipherSuites() {
        return engine.getEnabledCipherSuites();
    }

    @Override
    public void setEnabledCipherSuites(String[] suites) {
        engine.setEnabledCipherSuites(suites);
    }

    @Override
    public String[] getSupportedProtocols() {
        return engine.getSupportedProtocols();
    }

    @Override
    public String[] getEnabledProtocols() {
        return engine.getEnabledProtocols();
    }

    @Override
    public void setEnabledProtocols(String[] protocols) {
        engine.setEnabledProtocols(protocols);
    }

    @Override
    public SSLSession getSession() {
        return new ServedSession(engine.getSession(), served);
    }

    @Override
    public void beginHandshake() throws SSLException {
        engine.beginHandshake();
    }

    @Override
    public SSLEngineResult.HandshakeStatus getHandshakeStatus() {
        return engine.getHandshakeStatus();
    }

    @Override
    public void setUseClientMode(boolean mode) {
        engine.setUseClientMode(mode);
    }

    @Override
    public boolean getUseClientMode() {
        return engine.getUseClientMode();
    }

    @Override
    public void setNeedClientAuth(boolean need) {
        engine.setNeedClientAuth(need);
    }

    @Override
    public boolean getNeedClientAuth() {
        return engine.getNeedClientAuth();
    }

    @Override
    public void setWantClientAuth(boolean want) {
        engine.setWantClientAuth(want);
    }

    @Override
    public boolean getWantClientAuth() {
        return engine.getWantClientAuth();
    }

    @Override
    public void setEnableSessionCreation(boolean flag) {
        engine.setEnableSessionCreation(flag);
    }

    @Override
    public boolean getEnableSessionCreation() {
        return engine.getEnableSessionCreation();
    }

    @Override
    public String toString() {
        return "JettyOpenSslEngine[" + engine + "]";
    }
}
