package io.tlsresume.tomcat;

import io.tlsresume.core.KeySource;
import io.tlsresume.core.ResumptionNode;
import io.tlsresume.core.Settings;
import java.util.IdentityHashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.apache.catalina.Lifecycle;
import org.apache.catalina.LifecycleEvent;
import org.apache.catalina.LifecycleListener;
import org.apache.catalina.LifecycleState;
import org.apache.catalina.Server;
import org.apache.catalina.Service;
import org.apache.catalina.connector.Connector;
import org.apache.juli.logging.Log;
import org.apache.juli.logging.LogFactory;
import org.apache.tomcat.util.net.SSLHostConfig;

/**
 * Runs one connector's tlsresume node: nest it in the {@code <Connector>} whose
 * {@code sslImplementationName} is {@link TlsResumeImplementation}.
 *
 * <p>Every attribute is a tlsresume setting under its short name ({@code rotationInterval},
 * {@code cluster.members}, ...; see {@link io.tlsresume.core.Setting}); Tomcat's digester hands
 * attributes without a bean setter to {@link #setProperty(String, String)}, so no setting is
 * listed here. Values are validated when the connector initialises: a bad or unknown one fails
 * the connector with a message naming the attribute.
 *
 * <p>The node joins the cluster as the connector starts, before it binds its port (so nothing is
 * accepted before the ring is installed), and leaves it after the connector stops, at once if
 * building a context fails, or when the server has started if the connector failed to (a busy
 * port), so a connector that fails to start leaves no member behind. So that the TLS
 * contexts live exactly as long as the node, the listener sets the connector's
 * {@code bindOnInit} to {@code false}: Tomcat then builds them when it binds the port on start
 * and frees them when it unbinds on stop.
 */
public final class TlsResumeListener implements LifecycleListener {
    private static final Log LOG = LogFactory.getLog(TlsResumeListener.class);

    private final Map<String, String> attributes = new LinkedHashMap<>();
    private Connector connector;
    /** On the connector's server: Tomcat's only signal after a connector failed to start. */
    private final LifecycleListener serverWatch = this::leaveIfConnectorFailed;
    private Settings settings;
    private volatile ResumptionNode node;
    /** The contexts of each host config, by identity (a replaced host config is another). */
    private final Map<SSLHostConfig, HostContexts> contexts = new IdentityHashMap<>();

    /**
     * Sets a tlsresume setting by its short or full name ({@code tlsresume.} prefix).
     *
     * @return always {@code true}: names are checked when the connector initialises, where a
     *     wrong one fails the connector instead of being a warning in a long log
     */
    public boolean setProperty(String name, String value) {
        attributes.put(name, value);
        return true;
    }

    /** The value set for {@code name}, or {@code null}. */
    public String getProperty(String name) {
        return attributes.get(name);
    }

    /** The running node, or {@code null} while the connector is not started. */
    public ResumptionNode getNode() {
        return node;
    }

    @Override
    public void lifecycleEvent(LifecycleEvent event) {
        switch (event.getType()) {
            case Lifecycle.BEFORE_INIT_EVENT -> configure(event.getLifecycle());
            case Lifecycle.BEFORE_START_EVENT -> {
                bindHostConfigs(); // some may be new since init
                watchServer();
                startNodeBeforeBind();
            }
            case Lifecycle.AFTER_STOP_EVENT -> stopNode();
            case Lifecycle.AFTER_DESTROY_EVENT -> {
                unwatchServer();
                Bindings.unbind(this);
            }
            default -> { }
        }
    }

    private void configure(Lifecycle source) {
        if (!(source instanceof Connector c)) {
            throw new IllegalStateException(getClass().getName() + " must be nested in a"
                    + " <Connector>, not in " + source);
        }
        connector = c;
        if (!Boolean.TRUE.equals(c.getProperty("SSLEnabled"))) {
            throw new IllegalStateException(c + ": set SSLEnabled=\"true\" on the Connector;"
                    + " tlsresume serves TLS connectors only");
        }
        Object implementation = c.getProperty("sslImplementationName");
        if (!TlsResumeImplementation.class.getName().equals(implementation)) {
            throw new IllegalStateException(c + ": set sslImplementationName=\""
                    + TlsResumeImplementation.class.getName() + "\" on the Connector (it is "
                    + implementation + "); without it Tomcat's own TLS engine serves and tickets"
                    + " do not resume on other nodes");
        }
        // Attributes are short names: errors about one the user did not write name it so too.
        settings = Settings.builder().names(key -> key).setAll(attributes).build();
        // Fail at init, naming what is missing (Java version, library, jar), not at first use.
        io.tlsresume.core.engine.EngineRequirements.require(settings.engine());
        c.setProperty("bindOnInit", "false");
        bindHostConfigs();
    }

    /**
     * Tomcat binds the port and only then builds the TLS contexts, which start the node: the
     * kernel would accept connections (and a balancer's TCP check pass) while the node is still
     * joining. So join first, with the key of the certificate Tomcat builds first (the first
     * host config's first certificate, in Tomcat's own order). If that fails, the context build
     * that follows fails the same way and reports it, naming the attribute, as it always has.
     */
    private void startNodeBeforeBind() {
        SSLHostConfig[] hostConfigs = connector.findSslHostConfigs();
        if (hostConfigs.length == 0) {
            return; // Tomcat refuses a TLS connector without host configs itself
        }
        try {
            runningNode(keysFor(hostConfigs[0].getCertificates(true).iterator().next()));
        } catch (RuntimeException e) {
            LOG.debug("Joining before the port opens failed; the TLS context build retries", e);
            stopNode();
        }
    }

    /**
     * Tomcat fires no event when a connector's start fails after the node joined (a busy port:
     * the bind comes after the join), and the rest of Tomcat keeps running. So the server tells
     * us: when it has started (all connectors tried) and on its periodic event (a connector
     * restarted later, e.g. over JMX), a failed connector's node leaves the cluster.
     */
    private void watchServer() {
        Server server = server();
        if (server != null && !List.of(server.findLifecycleListeners()).contains(serverWatch)) {
            server.addLifecycleListener(serverWatch);
        }
    }

    private void unwatchServer() {
        Server server = server();
        if (server != null) {
            server.removeLifecycleListener(serverWatch);
        }
    }

    private Server server() {
        Service service = connector == null ? null : connector.getService();
        return service == null ? null : service.getServer();
    }

    private void leaveIfConnectorFailed(LifecycleEvent event) {
        if ((Lifecycle.AFTER_START_EVENT.equals(event.getType())
                || Lifecycle.PERIODIC_EVENT.equals(event.getType()))
                && node != null && connector.getState() == LifecycleState.FAILED) {
            LOG.info("tlsresume node " + settings.nodeId() + " leaves the cluster: " + connector
                    + " failed to start (see the error above)");
            stopNode();
        }
    }

    private void bindHostConfigs() {
        for (SSLHostConfig hostConfig : connector.findSslHostConfigs()) {
            refuseForeignContexts(hostConfig);
            Bindings.bind(hostConfig, this);
        }
    }

    /**
     * A {@code <Certificate>} whose SSLContext is set in code is served by Tomcat with that
     * context as it is, never asking tlsresume's engine: no resumption across nodes, silently.
     */
    private static void refuseForeignContexts(SSLHostConfig hostConfig) {
        for (var certificate : hostConfig.getCertificates()) {
            if (certificate.getSslContext() != null
                    && !(certificate.getSslContext() instanceof TlsResumeSslContext)) {
                throw new io.tlsresume.core.SettingsException("sslContext", "SSLHostConfig "
                        + hostConfig.getHostName() + ": a Certificate whose SSLContext is set in"
                        + " code (setSslContext) is served by that context, not by tlsresume's"
                        + " engine; set its key material instead (e.g. setCertificateKeystore)");
            }
        }
    }

    private synchronized void stopNode() {
        ResumptionNode running = node;
        node = null;
        contexts.clear();
        if (running != null) {
            running.close();
        }
    }

    /** The settings, validated when the connector initialised. */
    Settings settings() {
        if (settings == null) {
            throw new IllegalStateException("the connector has not initialised this listener");
        }
        return settings;
    }

    /**
     * The node, started by the first TLS context the starting connector builds; that context's
     * key signs the node's ring membership card (sealing), so with several hosts or certificates
     * the first one built is the node's identity in the ring.
     */
    synchronized ResumptionNode runningNode(KeySource keys) {
        if (node == null) {
            node = ResumptionNode.start(settings(), keys);
            LOG.info("tlsresume node " + settings.nodeId() + " serves " + connector);
        }
        return node;
    }

    /**
     * The key and chain of {@code certificate}: its {@code <Certificate>} element, unless the
     * listener's own key settings replace it for every host of the connector.
     */
    KeySource keysFor(org.apache.tomcat.util.net.SSLHostConfigCertificate certificate) {
        return settings().keySource().orElseGet(() -> CertificateKeys.of(certificate));
    }

    /** The live contexts of {@code hostConfig}'s certificates. */
    synchronized HostContexts contextsOf(SSLHostConfig hostConfig) {
        return contexts.computeIfAbsent(hostConfig, h -> new HostContexts());
    }

    /**
     * Building a TLS context failed. While the connector starts it will not start, so leave the
     * cluster now; a failed {@code reloadSslHostConfig} of a running connector leaves Tomcat
     * serving the previous contexts, which still need the node.
     */
    void contextFailed() {
        if (connector == null || connector.getState() != LifecycleState.STARTED) {
            stopNode();
        }
    }
}
