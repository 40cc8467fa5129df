package io.tlsresume.spring;

import io.tlsresume.tomcat.TlsResumeImplementation;
import io.tlsresume.tomcat.TlsResumeListener;
import io.tlsresume.tomcat.TlsResumeValve;
import org.apache.catalina.connector.Connector;
import org.springframework.boot.tomcat.ConfigurableTomcatWebServerFactory;
import org.springframework.boot.web.server.AbstractConfigurableWebServerFactory;
import org.springframework.boot.web.server.Ssl;
import org.springframework.boot.web.server.WebServerFactoryCustomizer;
import org.springframework.core.Ordered;

/**
 * Puts embedded Tomcat's HTTPS connectors on tlsresume: Boot's own SSL set-up has already given
 * the connector its {@code SSLHostConfig} (key store in memory, from {@code server.ssl.*} or the
 * SSL bundle) when connector customizers run, so this one only names tlsresume's
 * {@code sslImplementationName} and nests the node's listener, as a {@code server.xml} user
 * would. Connectors without TLS are left as they are.
 */
final class TomcatResumption implements WebServerFactoryCustomizer<ConfigurableTomcatWebServerFactory>,
        Ordered {
    private final TlsResumeSettings settings;
    private final TlsResumeNodes nodes;

    TomcatResumption(TlsResumeSettings settings, TlsResumeNodes nodes) {
        this.settings = settings;
        this.nodes = nodes;
    }

    @Override
    public void customize(ConfigurableTomcatWebServerFactory factory) {
        if (!(factory instanceof AbstractConfigurableWebServerFactory configured)
                || !Ssl.isEnabled(configured.getSsl())) {
            return;
        }
        TomcatBundleReload reload = configured.getSslBundles() == null ? null
                : new TomcatBundleReload(configured.getSslBundles(), configured.getSsl());
        if (reload != null) {
            configured.setSslBundles(reload);
        }
        factory.addConnectorCustomizers(connector -> customize(connector, reload));
        // Sets the request attributes io.tlsresume.resumed / io.tlsresume.node.
        factory.addEngineValves(new TlsResumeValve());
    }

    private void customize(Connector connector, TomcatBundleReload reload) {
        if (!Boolean.TRUE.equals(connector.getProperty("SSLEnabled"))) {
            return;
        }
        connector.setProperty("sslImplementationName", TlsResumeImplementation.class.getName());
        TlsResumeListener listener = new TlsResumeListener();
        settings.values().forEach(listener::setProperty);
        connector.addLifecycleListener(listener);
        nodes.add(listener::getNode);
        if (reload != null) {
            reload.serve(connector);
        }
    }

    /** After Boot's own customizers, which set the factory's {@code Ssl}. */
    @Override
    public int getOrder() {
        return Ordered.LOWEST_PRECEDENCE;
    }
}
