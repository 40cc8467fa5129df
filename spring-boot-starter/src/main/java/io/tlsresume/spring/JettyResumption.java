package io.tlsresume.spring;

import io.tlsresume.jetty.ResumingConnector;
import io.tlsresume.jetty.ResumingSslContextFactory;
import io.tlsresume.jetty.ResumptionCustomizer;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import org.eclipse.jetty.server.ConnectionFactory;
import org.eclipse.jetty.server.Connector;
import org.eclipse.jetty.server.HttpConnectionFactory;
import org.eclipse.jetty.server.NegotiatingServerConnectionFactory;
import org.eclipse.jetty.server.Server;
import org.eclipse.jetty.server.ServerConnector;
import org.eclipse.jetty.server.SslConnectionFactory;
import org.eclipse.jetty.util.ssl.SslContextFactory;
import org.springframework.boot.jetty.ConfigurableJettyWebServerFactory;
import org.springframework.boot.web.server.WebServerFactoryCustomizer;
import org.springframework.core.Ordered;

/**
 * Puts embedded Jetty's HTTPS connectors on tlsresume. Boot's SSL customizer (package-private)
 * has built each connector's {@code SslConnectionFactory} on a plain
 * {@code SslContextFactory.Server} before server customizers run; this one replaces that
 * factory with a {@link ResumingSslContextFactory} given the same key store object, passwords,
 * alias, protocols and suites, and adds the {@link ResumptionCustomizer} to the connector's
 * HTTP configuration. Connectors without TLS are left as they are.
 */
final class JettyResumption implements WebServerFactoryCustomizer<ConfigurableJettyWebServerFactory>,
        Ordered {
    private final TlsResumeSettings settings;
    private final TlsResumeNodes nodes;

    JettyResumption(TlsResumeSettings settings, TlsResumeNodes nodes) {
        this.settings = settings;
        this.nodes = nodes;
    }

    @Override
    public void customize(ConfigurableJettyWebServerFactory factory) {
        factory.addServerCustomizers(this::customize);
    }

    private void customize(Server server) {
        for (Connector connector : server.getConnectors()) {
            if (connector instanceof ServerConnector serverConnector) {
                customize(serverConnector);
            }
        }
    }

    private void customize(ServerConnector connector) {
        SslConnectionFactory boot = connector.getConnectionFactory(SslConnectionFactory.class);
        if (boot == null) {
            return;
        }
        ResumingSslContextFactory resuming = copyOf(boot.getSslContextFactory());
        String alpn = alpnProtocols(connector);
        resuming.setAlpnProtocols(alpn);
        settings.values().forEach(resuming::setSetting);
        List<ConnectionFactory> factories = new ArrayList<>();
        for (ConnectionFactory factory : connector.getConnectionFactories()) {
            factories.add(factory == boot
                    ? new SslConnectionFactory(resuming, boot.getNextProtocol()) : factory);
        }
        connector.setConnectionFactories(factories);
        ResumingConnector.startBeforeConnectors(connector.getServer(), resuming);
        HttpConnectionFactory http = connector.getConnectionFactory(HttpConnectionFactory.class);
        if (http != null) {
            http.getHttpConfiguration().addCustomizer(new ResumptionCustomizer());
        }
        nodes.add(resuming::getNode);
    }

    /** Boot's key material and TLS choices, on tlsresume's factory. */
    private static ResumingSslContextFactory copyOf(SslContextFactory.Server boot) {
        ResumingSslContextFactory resuming = new ResumingSslContextFactory();
        resuming.setKeyStore(boot.getKeyStore());
        resuming.setKeyStoreType(boot.getKeyStoreType());
        resuming.setKeyStorePassword(boot.getKeyStorePassword());
        resuming.setKeyManagerPassword(boot.getKeyManagerPassword());
        resuming.setCertAlias(boot.getCertAlias());
        resuming.setTrustStore(boot.getTrustStore());
        resuming.setNeedClientAuth(boot.getNeedClientAuth());
        resuming.setWantClientAuth(boot.getWantClientAuth());
        if (boot.getIncludeProtocols() != null && boot.getIncludeProtocols().length > 0) {
            resuming.setIncludeProtocols(boot.getIncludeProtocols());
        }
        if (boot.getIncludeCipherSuites() != null && boot.getIncludeCipherSuites().length > 0) {
            resuming.setIncludeCipherSuites(boot.getIncludeCipherSuites());
        }
        resuming.setSniRequired(boot.isSniRequired());
        return resuming;
    }

    /**
     * The protocols of the connector's ALPN factory (HTTP/2 on), else none. Boot creates that
     * factory without a list; Jetty fills it on start from the factories that follow it, so do
     * the same here, in the same order: Netty's engine negotiates ALPN from its own context.
     */
    private static String alpnProtocols(ServerConnector connector) {
        NegotiatingServerConnectionFactory alpn = null;
        List<String> protocols = new ArrayList<>();
        for (ConnectionFactory factory : connector.getConnectionFactories()) {
            if (factory instanceof NegotiatingServerConnectionFactory negotiating) {
                alpn = negotiating;
                protocols.addAll(negotiating.getNegotiatedProtocols());
            } else if (alpn != null && alpn.getNegotiatedProtocols().isEmpty()
                    && !(factory instanceof SslConnectionFactory)) {
                factory.getProtocols().forEach(p -> protocols.add(p.toLowerCase(Locale.ROOT)));
            }
        }
        return String.join(",", new LinkedHashSet<>(protocols));
    }

    @Override
    public int getOrder() {
        return Ordered.LOWEST_PRECEDENCE;
    }
}
