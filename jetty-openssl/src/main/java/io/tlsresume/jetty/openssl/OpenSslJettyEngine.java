package io.tlsresume.jetty.openssl;

import io.tlsresume.core.ResumptionNode;
import io.tlsresume.core.engine.EngineKind;
import io.tlsresume.jetty.JettyEngine;
import io.tlsresume.jetty.ResumingSslContextFactory;
import io.tlsresume.openssl.OpenSslTomcatEngine;
import java.security.KeyStore;
import java.security.cert.Certificate;
import java.security.cert.X509Certificate;
import java.util.Arrays;
import java.util.List;
import javax.net.ssl.KeyManager;
import org.apache.tomcat.util.net.SSLContext;
import org.apache.tomcat.util.net.SSLHostConfig;
import org.apache.tomcat.util.net.SSLHostConfigCertificate;
import org.apache.tomcat.util.net.SSLUtil;

/**
 * engine=openssl for Jetty (service-loaded by {@link ResumingSslContextFactory}): the
 * openssl-engine module's contexts, built exactly as a Tomcat connector builds them from an
 * {@code <SSLHostConfig>} ({@link JettyHostConfig} translates Jetty's settings), so a Jetty node
 * and a Tomcat node on this engine derive the same resumption scope, seal sessions under the
 * same ring and store them under the same keys: each resumes the other's sessions.
 */
public final class OpenSslJettyEngine implements JettyEngine {

    /** Called by {@link java.util.ServiceLoader}; loads nothing native. */
    public OpenSslJettyEngine() {
    }

    @Override
    public EngineKind kind() {
        return EngineKind.OPENSSL;
    }

    @Override
    public Contexts start(ResumingSslContextFactory factory, ResumptionNode node,
            KeyStore keyStore, KeyManager[] keyManagers, List<String> alpnProtocols)
            throws Exception {
        SSLHostConfig host = JettyHostConfig.of(factory, keyStore, keyManagers);
        SSLHostConfigCertificate certificate = host.getCertificates(true).iterator().next();
        SSLUtil util = new OpenSslTomcatEngine().newSSLUtil(certificate, () -> node);
        // As Tomcat's endpoint does before it creates the context (which reads them).
        host.setEnabledProtocols(util.getEnabledProtocols());
        host.setEnabledCiphers(util.getEnabledCiphers());
        // Unlike Tomcat, which leaves http/1.1 implicit, Jetty's ALPN connection wants every
        // protocol negotiated, so the engine offers the connector's whole list.
        SSLContext context = util.createSSLContext(alpnProtocols);
        Certificate[] chain = certificate.getCertificateKeystore()
                .getCertificateChain(JettyHostConfig.ALIAS);
        X509Certificate[] served = Arrays.copyOf(chain, chain.length, X509Certificate[].class);
        return new OpenSslContexts(context, served, List.of(util.getEnabledCiphers()),
                List.of(util.getEnabledProtocols()));
    }
}
