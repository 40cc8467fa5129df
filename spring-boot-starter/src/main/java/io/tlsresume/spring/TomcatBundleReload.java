package io.tlsresume.spring;

import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.function.BiConsumer;
import java.util.function.Consumer;
import org.apache.catalina.connector.Connector;
import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;
import org.apache.coyote.http11.AbstractHttp11Protocol;
import org.apache.tomcat.util.net.SSLHostConfig;
import org.apache.tomcat.util.net.SSLHostConfigCertificate;
import org.springframework.boot.ssl.NoSuchSslBundleException;
import org.springframework.boot.ssl.SslBundle;
import org.springframework.boot.ssl.SslBundles;
import org.springframework.boot.web.server.Ssl;

/**
 * SSL bundle reload ({@code reload-on-update}) on a tlsresume Tomcat connector. Boot's own reload
 * replaces the connector's {@code SSLHostConfig} with a new object, which tlsresume's listener
 * has not bound (it binds the host configs when the connector starts). This view of the
 * application's {@link SslBundles} takes Boot's update handlers' place: it puts the renewed key
 * store into the existing host config's certificate and has Tomcat reload that host config, so
 * the node, its ring and its cluster stay and earlier sessions still resume.
 */
final class TomcatBundleReload implements SslBundles {
    private static final Log LOG = LogFactory.getLog(TomcatBundleReload.class);

    private final SslBundles bundles;
    /** Bundle name to the host name it serves ({@code null}: the default host config). */
    private final Map<String, String> hostOfBundle = new HashMap<>();
    private volatile Connector connector;

    TomcatBundleReload(SslBundles bundles, Ssl ssl) {
        this.bundles = bundles;
        for (Ssl.ServerNameSslBundle named : ssl.getServerNameBundles()) {
            hostOfBundle.put(named.bundle(), named.serverName());
        }
    }

    /** The connector whose host configs a bundle update reloads. */
    void serve(Connector https) {
        this.connector = https;
    }

    @Override
    public SslBundle getBundle(String name) throws NoSuchSslBundleException {
        return bundles.getBundle(name);
    }

    /** Boot's handler would replace the host config; this one updates it in place instead. */
    @Override
    public void addBundleUpdateHandler(String name, Consumer<SslBundle> bootsHandler)
            throws NoSuchSslBundleException {
        bundles.addBundleUpdateHandler(name, bundle -> reload(name, bundle));
    }

    @Override
    public void addBundleRegisterHandler(BiConsumer<String, SslBundle> handler) {
        bundles.addBundleRegisterHandler(handler);
    }

    @Override
    public List<String> getBundleNames() {
        return bundles.getBundleNames();
    }

    private void reload(String name, SslBundle bundle) {
        Connector https = connector;
        if (https == null
                || !(https.getProtocolHandler() instanceof AbstractHttp11Protocol<?> protocol)) {
            return;
        }
        String host = hostOfBundle.getOrDefault(name, protocol.getDefaultSSLHostConfigName());
        for (SSLHostConfig hostConfig : protocol.findSslHostConfigs()) {
            if (hostConfig.getHostName().equalsIgnoreCase(host)) {
                for (SSLHostConfigCertificate certificate : hostConfig.getCertificates()) {
                    certificate.setCertificateKeystore(bundle.getStores().getKeyStore());
                    certificate.setCertificateKeystorePassword(
                            bundle.getStores().getKeyStorePassword());
                    certificate.setCertificateKeyAlias(bundle.getKey().getAlias());
                    certificate.setCertificateKeyPassword(bundle.getKey().getPassword());
                }
                protocol.reloadSslHostConfig(hostConfig.getHostName());
                LOG.info("tlsresume: SSL bundle '" + name + "' updated; host " + host
                        + " reloaded on the same ring");
                return;
            }
        }
        LOG.warn("tlsresume: SSL bundle '" + name + "' updated but the connector has no host "
                + host + " to reload");
    }
}
