package io.tlsresume.jetty.openssl;

import io.tlsresume.jetty.JettyEngine;
import java.security.cert.X509Certificate;
import java.util.List;
import javax.net.ssl.SSLEngine;
import org.apache.tomcat.util.net.SSLContext;

/** One OpenSSL context of a Jetty node: an engine per connection, until released. */
final class OpenSslContexts implements JettyEngine.Contexts {
    private final SSLContext context;
    private final List<String> cipherSuites;
    private final List<String> protocols;
    private final X509Certificate[] served;

    OpenSslContexts(SSLContext context, X509Certificate[] served, List<String> cipherSuites,
            List<String> protocols) {
        this.context = context;
        this.served = served;
        this.cipherSuites = cipherSuites;
        this.protocols = protocols;
    }

    @Override
    public SSLEngine newEngine(String peerHost, int peerPort) {
        SSLEngine engine = new JettyOpenSslEngine(context.createSSLEngine(), served,
                peerHost, peerPort);
        engine.setUseClientMode(false);
        return engine;
    }

    @Override
    public List<String> cipherSuites() {
        return cipherSuites;
    }

    @Override
    public List<String> protocols() {
        return protocols;
    }

    /**
     * Frees the {@code SSL_CTX} as Tomcat does on a reload: connections still open hold their
     * own reference to it in OpenSSL, and the context stops following the ring.
     */
    @Override
    public void release() {
        context.destroy();
    }
}
