package io.tlsresume.jetty;

import java.util.ArrayList;
import java.util.List;
import org.eclipse.jetty.alpn.server.ALPNServerConnectionFactory;
import org.eclipse.jetty.http2.server.HTTP2ServerConnectionFactory;
import org.eclipse.jetty.server.ConnectionFactory;
import org.eclipse.jetty.server.HttpConfiguration;
import org.eclipse.jetty.server.HttpConnectionFactory;
import org.eclipse.jetty.server.SecureRequestCustomizer;
import org.eclipse.jetty.server.Server;
import org.eclipse.jetty.server.ServerConnector;
import org.eclipse.jetty.server.SslConnectionFactory;

/**
 * Embedded Jetty in one call: an HTTPS connector served by a {@link ResumingSslContextFactory},
 * wired as the README's {@code jetty.xml} section describes.
 *
 * <pre>{@code
 * ResumingSslContextFactory ssl = new ResumingSslContextFactory();
 * ssl.setKeyStorePath("/etc/jetty/keystore.p12");
 * ssl.setKeyStorePassword("...");
 * ssl.setAlpnProtocols("h2,http/1.1");
 * ssl.setSetting("cluster.members", "10.0.0.1:5701,10.0.0.2:5701");
 * ServerConnector https = ResumingConnector.addTo(server, ssl, false);
 * https.setPort(8443);
 * }</pre>
 */
public final class ResumingConnector {
    private ResumingConnector() {
    }

    /**
     * Adds to {@code server} a connector (not started, port 0 until set) speaking TLS through
     * {@code ssl}, with a new {@link HttpConfiguration} carrying a {@link SecureRequestCustomizer}
     * and a {@link ResumptionCustomizer}.
     *
     * <p>The connector's ALPN protocols are {@code ssl}'s {@code alpnProtocols} (Netty's engine
     * negotiates from that list, so the two must agree): {@code h2} adds HTTP/2 (needs
     * {@code jetty-http2-server} on the class path), {@code http/1.1} is always served and is the
     * protocol of clients without ALPN. With no ALPN protocols every connection is HTTP/1.1.
     *
     * <p>Also calls {@link #startBeforeConnectors(Server, ResumingSslContextFactory)}, so the port
     * opens only once the node has joined its cluster.
     *
     * @param diagnosticHeaders see {@link ResumptionCustomizer#setDiagnosticHeaders(boolean)}
     * @return the added connector, for setting its host and port
     * @throws IllegalArgumentException if {@code alpnProtocols} names a protocol other than
     *     {@code h2} and {@code http/1.1}
     */
    public static ServerConnector addTo(Server server, ResumingSslContextFactory ssl,
            boolean diagnosticHeaders) {
        startBeforeConnectors(server, ssl);
        HttpConfiguration config = new HttpConfiguration();
        config.addCustomizer(new SecureRequestCustomizer());
        ResumptionCustomizer resumption = new ResumptionCustomizer();
        resumption.setDiagnosticHeaders(diagnosticHeaders);
        config.addCustomizer(resumption);
        HttpConnectionFactory http1 = new HttpConnectionFactory(config);

        List<ConnectionFactory> factories = new ArrayList<>();
        String alpnProtocols = ssl.getAlpnProtocols();
        if (alpnProtocols.isEmpty()) {
            factories.add(new SslConnectionFactory(ssl, http1.getProtocol()));
        } else {
            String[] protocols = alpnProtocols.split(",");
            ALPNServerConnectionFactory alpn = new ALPNServerConnectionFactory(protocols);
            alpn.setDefaultProtocol(http1.getProtocol());
            factories.add(new SslConnectionFactory(ssl, alpn.getProtocol()));
            factories.add(alpn);
            for (String protocol : protocols) {
                switch (protocol) {
                    case "h2" -> factories.add(http2(config));
                    case "http/1.1" -> { } // added below: it is also the no-ALPN default
                    default -> throw new IllegalArgumentException("alpnProtocols: '" + protocol
                            + "' is not served by ResumingConnector (use h2, http/1.1)");
                }
            }
        }
        factories.add(http1);
        ServerConnector connector = new ServerConnector(server,
                factories.toArray(ConnectionFactory[]::new));
        server.addConnector(connector);
        return connector;
    }

    /**
     * Makes {@code server} start {@code ssl} (join the cluster, install the key ring) before any
     * connector opens its port. Jetty's default opens every port first, so the kernel would
     * accept connections (and a balancer's TCP check pass) while the node is still joining.
     * Call it for a {@code ServerConnector} built by hand; {@link #addTo} already does.
     *
     * <p>It adds {@code ssl} as a bean of {@code server} (started with the server's other beans,
     * stopped after its connectors) and sets {@link Server#setOpenEarly(boolean)} to false, so
     * every connector of {@code server} opens after the server's beans and handlers started.
     */
    public static void startBeforeConnectors(Server server, ResumingSslContextFactory ssl) {
        server.addBean(ssl);
        server.setOpenEarly(false);
    }

    // Own method so that HTTP/1.1-only users need no jetty-http2-server jar.
    private static ConnectionFactory http2(HttpConfiguration config) {
        return new HTTP2ServerConnectionFactory(config);
    }
}
