package io.tlsresume.tomcat;

import io.tlsresume.core.ResumptionNode;
import io.tlsresume.core.engine.ObservedSslEngine;
import io.tlsresume.core.engine.ServerTlsContext;
import java.security.SecureRandom;
import java.security.cert.X509Certificate;
import java.util.List;
import javax.net.ssl.KeyManager;
import javax.net.ssl.SSLEngine;
import javax.net.ssl.SSLParameters;
import javax.net.ssl.SSLServerSocketFactory;
import javax.net.ssl.SSLSessionContext;
import javax.net.ssl.TrustManager;
import org.apache.tomcat.util.net.SSLContext;

/**
 * Tomcat's view of one {@link ServerTlsContext}: an engine per connection, released from the
 * node's ring when Tomcat frees the context.
 */
final class TlsResumeSslContext implements SSLContext {
    private final ResumptionNode node;
    private final ServerTlsContext context;
    private final X509Certificate[] chain;
    private final SessionEngines engines;

    TlsResumeSslContext(ResumptionNode node, ServerTlsContext context,
            List<X509Certificate> chain, SessionEngines engines) {
        this.node = node;
        this.context = context;
        this.chain = chain.toArray(X509Certificate[]::new);
        this.engines = engines;
    }

    /** Nothing to do: the context was built complete. */
    @Override
    public void init(KeyManager[] kms, TrustManager[] tms, SecureRandom sr) {
    }

    @Override
    public void destroy() {
        node.release(context);
    }

    /** Not exposed: tickets, not a server-side cache, carry sessions here. */
    @Override
    public SSLSessionContext getServerSessionContext() {
        return null;
    }

    @Override
    public SSLEngine createSSLEngine() {
        ObservedSslEngine engine = context.newEngine();
        engines.register(engine, node.settings().nodeId());
        return engine;
    }

    /** NIO and NIO2 connectors use engines; there is no blocking-socket connector in Tomcat 11. */
    @Override
    public SSLServerSocketFactory getServerSocketFactory() {
        throw new UnsupportedOperationException("tlsresume serves SSLEngines only");
    }

    @Override
    public SSLParameters getSupportedSSLParameters() {
        return new SSLParameters(ServerTlsContext.CIPHERS.toArray(String[]::new),
                ServerTlsContext.PROTOCOLS.toArray(String[]::new));
    }

    /** The chain of the one key this context serves, whatever the alias. */
    @Override
    public X509Certificate[] getCertificateChain(String alias) {
        return chain.clone();
    }

    /** No client certificates are accepted. */
    @Override
    public X509Certificate[] getAcceptedIssuers() {
        return new X509Certificate[0];
    }
}
