package io.tlsresume.jetty.openssl;

import io.tlsresume.jetty.ResumingAlpnProcessor;
import javax.net.ssl.SSLEngine;
import org.eclipse.jetty.alpn.server.ALPNServerConnection;
import org.eclipse.jetty.io.Connection;
import org.eclipse.jetty.io.ssl.ALPNProcessor;
import org.eclipse.jetty.io.ssl.SslConnection;
import org.eclipse.jetty.io.ssl.SslHandshakeListener;

/**
 * Tells Jetty's ALPN connection which protocol OpenSSL negotiated. OpenSSL chooses it itself in
 * the context's ALPN callback (Tomcat's engine, from the connector's protocols); Jetty learns it
 * when the handshake succeeds. Service-loaded by {@code ALPNServerConnectionFactory}; applies
 * only to Tomcat's FFM engine ({@link JettyOpenSslEngine}).
 */
public class OpenSslAlpnProcessor implements ALPNProcessor.Server {

    @Override
    public boolean appliesTo(SSLEngine engine) {
        return engine instanceof JettyOpenSslEngine;
    }

    @Override
    public void configure(SSLEngine engine, Connection connection) {
        ALPNServerConnection alpn = (ALPNServerConnection) connection;
        SslConnection ssl = ((SslConnection.SslEndPoint) alpn.getEndPoint()).getSslConnection();
        ssl.addHandshakeListener(new SslHandshakeListener() {
            @Override
            public void handshakeSucceeded(Event event) {
                ResumingAlpnProcessor.tell(alpn, engine.getApplicationProtocol());
            }
        });
    }

    @Override
    public String toString() {
        return getClass().getSimpleName();
    }
}
