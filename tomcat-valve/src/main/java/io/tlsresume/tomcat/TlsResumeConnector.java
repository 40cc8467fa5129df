package io.tlsresume.tomcat;

import org.apache.catalina.connector.Connector;
import org.apache.catalina.startup.Tomcat;
import org.apache.coyote.http2.Http2Protocol;
import org.apache.tomcat.util.net.SSLHostConfig;
import org.apache.tomcat.util.net.SSLHostConfigCertificate;

/**
 * Embedded Tomcat in one call: the programmatic twin of the README's server.xml
 * {@code <Connector>}, an NIO HTTPS connector with {@link TlsResumeImplementation}, a nested
 * {@link TlsResumeListener}, your {@code <SSLHostConfig>} and HTTP/2 over ALPN.
 *
 * <pre>{@code
 * Tomcat tomcat = new Tomcat();
 * tomcat.setBaseDir(...);
 * TlsResumeListener listener = new TlsResumeListener();
 * listener.setProperty("cluster.members", "10.0.0.11:5701,10.0.0.12:5701");
 * TlsResumeConnector.addTo(tomcat, 8443,
 *         TlsResumeConnector.keyStoreHostConfig("conf/server.p12", "changeit"), listener);
 * tomcat.getEngine().getPipeline().addValve(new TlsResumeValve());
 * }</pre>
 */
public final class TlsResumeConnector {
    private TlsResumeConnector() {
    }

    /**
     * Adds the connector to {@code tomcat}'s service and makes it {@code tomcat}'s connector.
     * Call after {@link Tomcat#setBaseDir(String)}: the service is created on first use.
     *
     * @param port the TLS port; 0 picks a free one (see {@link Connector#getLocalPort()})
     * @param hostConfig its TLS configuration, e.g. from {@link #keyStoreHostConfig}
     * @param listener the node's settings; it joins the cluster when the connector starts
     * @return the connector, not started, for further properties (e.g. {@code address})
     */
    public static Connector addTo(Tomcat tomcat, int port, SSLHostConfig hostConfig,
            TlsResumeListener listener) {
        Connector connector = new Connector("org.apache.coyote.http11.Http11NioProtocol");
        connector.setPort(port);
        connector.setSecure(true);
        connector.setScheme("https");
        connector.setProperty("SSLEnabled", "true");
        connector.setProperty("sslImplementationName", TlsResumeImplementation.class.getName());
        connector.addSslHostConfig(hostConfig);
        connector.addUpgradeProtocol(new Http2Protocol());
        connector.addLifecycleListener(listener);
        tomcat.getService().addConnector(connector);
        tomcat.setConnector(connector);
        return connector;
    }

    /**
     * A default {@code <SSLHostConfig>} with one {@code <Certificate>}: the key in a PKCS12 key
     * store.
     *
     * @param keyStoreFile {@code certificateKeystoreFile}: absolute, or relative to the base dir
     * @param password {@code certificateKeystorePassword}
     */
    public static SSLHostConfig keyStoreHostConfig(String keyStoreFile, String password) {
        SSLHostConfig host = new SSLHostConfig();
        SSLHostConfigCertificate certificate = new SSLHostConfigCertificate(host,
                SSLHostConfigCertificate.Type.UNDEFINED);
        certificate.setCertificateKeystoreFile(keyStoreFile);
        certificate.setCertificateKeystorePassword(password);
        certificate.setCertificateKeystoreType("PKCS12");
        host.addCertificate(certificate);
        return host;
    }
}
