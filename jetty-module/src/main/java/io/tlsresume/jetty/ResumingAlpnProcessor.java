package io.tlsresume.jetty;

import io.tlsresume.core.engine.ObservedSslEngine;
import java.util.List;
import javax.net.ssl.SSLEngine;
import org.eclipse.jetty.alpn.server.ALPNServerConnection;
import org.eclipse.jetty.io.Connection;
import org.eclipse.jetty.io.ssl.ALPNProcessor;

/**
 * Tells Jetty's ALPN connection which protocol Netty's engine negotiated. Service-loaded by
 * {@code ALPNServerConnectionFactory}; applies only to tlsresume's engines.
 *
 * <p>Why not an {@code SslHandshakeListener}, as Jetty's own processors use: Netty's engine
 * ends about a third of its handshakes with {@code BUFFER_UNDERFLOW + FINISHED}, which Jetty
 * does not report to listeners, and the connection would then close for want of a protocol.
 * The engine's own completion hook sees every handshake.
 */
public class ResumingAlpnProcessor implements ALPNProcessor.Server {

    @Override
    public boolean appliesTo(SSLEngine engine) {
        return engine instanceof ObservedSslEngine;
    }

    @Override
    public void configure(SSLEngine engine, Connection connection) {
        ALPNServerConnection alpn = (ALPNServerConnection) connection;
        ((ObservedSslEngine) engine).whenHandshakeCompleted(
                done -> tell(alpn, done.getApplicationProtocol()));
    }

    /**
     * Tells {@code alpn} the protocol the engine negotiated itself; {@code null} or empty: none
     * (the connector's default protocol serves the connection).
     */
    public static void tell(ALPNServerConnection alpn, String protocol) {
        if (protocol == null || protocol.isEmpty()) {
            alpn.unsupported();
        } else {
            alpn.select(List.of(protocol));
        }
    }

    @Override
    public String toString() {
        return getClass().getSimpleName();
    }
}
