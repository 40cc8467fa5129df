package io.tlsresume.core.cluster;

import com.hazelcast.client.HazelcastClient;
import com.hazelcast.client.config.ClientConfig;
import com.hazelcast.client.config.ClientConnectionStrategyConfig;
import com.hazelcast.config.Config;
import com.hazelcast.config.InMemoryFormat;
import com.hazelcast.config.JoinConfig;
import com.hazelcast.config.MapConfig;
import com.hazelcast.config.MergePolicyConfig;
import com.hazelcast.config.NetworkConfig;
import com.hazelcast.core.Hazelcast;
import com.hazelcast.core.HazelcastInstance;
import com.hazelcast.spi.merge.PutIfAbsentMergePolicy;
import io.tlsresume.core.ClusterDiscovery;
import io.tlsresume.core.Setting;
import io.tlsresume.core.Settings;
import io.tlsresume.core.engine.EngineRequirements;
import io.tlsresume.core.spi.TlsEngineProvider;
import java.io.IOException;
import java.nio.file.Path;
import java.util.Properties;

/**
 * Starts the Hazelcast member or client a node uses as its ring store, with settings that suit a
 * small, security-sensitive map on a server's handshake infrastructure.
 */
public final class HazelcastInstances {
    private static final System.Logger LOG = System.getLogger("io.tlsresume.node");

    private HazelcastInstances() {
    }

    /**
     * Properties applied to every member and client unless the user's own config file sets them:
     * bind only to the configured interface, never phone home, log through java.util.logging (the
     * server's logging picks it up), and detect a hung member in seconds rather than a minute.
     */
    static Properties defaultProperties() {
        Properties p = new Properties();
        p.setProperty("hazelcast.socket.bind.any", "false");
        p.setProperty("hazelcast.phone.home.enabled", "false");
        p.setProperty("hazelcast.logging.type", "jdk");
        p.setProperty("hazelcast.heartbeat.interval.seconds", "1");
        p.setProperty("hazelcast.max.no.heartbeat.seconds", "10");
        p.setProperty("hazelcast.operation.call.timeout.millis", "3000");
        p.setProperty("hazelcast.operation.backup.timeout.millis", "1000");
        p.setProperty("hazelcast.wait.seconds.before.join", "1");
        p.setProperty("hazelcast.merge.first.run.delay.seconds", "5");
        p.setProperty("hazelcast.merge.next.run.delay.seconds", "5");
        p.setProperty("hazelcast.graceful.shutdown.max.wait", "10");
        p.setProperty("hazelcast.shutdownhook.enabled", "false");
        return p;
    }

    /** Sets each default property the config (perhaps the user's file) does not set itself. */
    private static void applyDefaults(java.util.function.UnaryOperator<String> get,
            java.util.function.BiConsumer<String, String> set) {
        defaultProperties().forEach((k, v) -> {
            if (get.apply((String) k) == null) {
                set.accept((String) k, (String) v);
            }
        });
    }

    /**
     * Starts an embedded member that carries {@link Settings#nodeId()} as a member attribute.
     *
     * @throws SettingsException naming {@code cluster.port} (port in use), {@code
     *     cluster.interface} (address not on this host), {@code cluster.config} (its file is
     *     unreadable, rejected, or sets such an address or port) or {@code nodeId} (an older
     *     member of the cluster runs with this node's id)
     * @throws IllegalStateException if Hazelcast failed for another reason, with its message
     */
    public static HazelcastInstance startMember(Settings settings) {
        Config config = settings.clusterConfig()
                .map(file -> loadMemberConfig(settings, file))
                .orElseGet(() -> memberConfig(settings));
        applyDefaults(config::getProperty, config::setProperty);
        config.setInstanceName(unusedName("tlsresume-" + settings.nodeId(),
                Hazelcast::getHazelcastInstanceByName));
        NodeIdClaims.claim(config, settings.nodeId());
        config.addMapConfig(ringMapConfig(HazelcastRingStore.MAP_NAME));
        config.addMapConfig(ringMapConfig(HazelcastRingStore.ENTRIES_MAP_NAME));
        // Every member holds a share of every engine's maps, whatever engine its node runs.
        for (TlsEngineProvider engine : EngineRequirements.providers()) {
            engine.mapConfigs(settings).forEach(config::addMapConfig);
        }
        HazelcastInstance member;
        try {
            member = Hazelcast.newHazelcastInstance(config);
        } catch (RuntimeException e) {
            throw startFailure(settings, config, e);
        }
        NodeIdClaims.requireUnique(member, settings);
        return member;
    }

    /**
     * Instance names are unique per JVM; two nodes of one JVM with one id must still start, so
     * that the duplicate id is reported (with both addresses, for members).
     */
    private static String unusedName(String wanted,
            java.util.function.Function<String, HazelcastInstance> byName) {
        return byName.apply(wanted) == null ? wanted
                : wanted + "-" + java.util.UUID.randomUUID().toString().substring(0, 8);
    }

    /**
     * Names the setting behind a failed start from what Hazelcast reported. Settings of a user's
     * own file ({@code cluster.config}) replace {@code cluster.port} and {@code
     * cluster.interface}, so their failures name the file.
     */
    static RuntimeException startFailure(Settings settings, Config config, RuntimeException e) {
        boolean ownFile = settings.clusterConfig().isPresent();
        String file = ownFile ? "the member config " + settings.clusterConfig().get() + ": " : "";
        String said = "Hazelcast said: " + rootMessage(e);
        java.net.BindException bind = causeOf(e, java.net.BindException.class);
        if (bind != null && String.valueOf(bind.getMessage()).contains("in use")) {
            int port = config.getNetworkConfig().getPort();
            return settings.invalid(ownFile ? Setting.CLUSTER_CONFIG
                    : Setting.CLUSTER_PORT, file + "port " + port + " is already in"
                    + " use on this host (another node or program listens on it); choose a free"
                    + " port. " + said, e);
        }
        if (bind != null || messageContains(e, "No matching network interface")) {
            String address = ownFile ? "the interface" : "address " + settings.clusterInterface();
            return settings.invalid(ownFile ? Setting.CLUSTER_CONFIG
                    : Setting.CLUSTER_INTERFACE, file + address + " is not an address"
                    + " of this host, so the member cannot bind to it; use this host's own"
                    + " (private) address. " + said, e);
        }
        if (settings.clusterDiscovery() == ClusterDiscovery.KUBERNETES_API
                && messageContains(e, "/var/run/secrets/kubernetes.io")) {
            return settings.invalid(Setting.CLUSTER_DISCOVERY, "kubernetes-api reads the pod's"
                    + " service account (token, CA certificate, namespace) under"
                    + " /var/run/secrets/kubernetes.io/serviceaccount, which is not there (not"
                    + " a pod, or automountServiceAccountToken: false); mount it, or use"
                    + " kubernetes-dns with a headless Service. " + said, e);
        }
        // Features of the Enterprise edition (TLS, symmetric encryption, security) fail only here.
        if (ownFile && (e instanceof com.hazelcast.config.InvalidConfigurationException
                || e instanceof IllegalArgumentException
                || messageContains(e, "requires Hazelcast Enterprise"))) {
            return settings.invalid(Setting.CLUSTER_CONFIG, file + "Hazelcast"
                    + " rejected it at start. " + said, e);
        }
        return new IllegalStateException("The embedded Hazelcast member did not start. " + said,
                e);
    }

    private static <T extends Throwable> T causeOf(Throwable e, Class<T> type) {
        for (Throwable t = e; t != null; t = t.getCause()) {
            if (type.isInstance(t)) {
                return type.cast(t);
            }
        }
        return null;
    }

    private static boolean messageContains(Throwable e, String fragment) {
        for (Throwable t = e; t != null; t = t.getCause()) {
            if (t.getMessage() != null && t.getMessage().contains(fragment)) {
                return true;
            }
        }
        return false;
    }

    /** The outermost message with the innermost cause's, when they differ. */
    private static String rootMessage(Throwable e) {
        Throwable root = e;
        while (root.getCause() != null && root.getCause() != root) {
            root = root.getCause();
        }
        String outer = String.valueOf(e.getMessage()).strip();
        return root == e || outer.contains(String.valueOf(root.getMessage())) ? outer
                : outer + " (" + root + ")";
    }

    /**
     * Starts a client that connects in the background: the node starts serving at once and is
     * degraded until the cluster answers.
     */
    public static HazelcastInstance startClient(Settings settings) {
        ClientConfig config = settings.clusterConfig()
                .map(file -> loadClientConfig(settings, file))
                .orElseGet(() -> clientConfig(settings));
        applyDefaults(config::getProperty, config::setProperty);
        if (config.getProperty("hazelcast.client.invocation.timeout.seconds") == null) {
            // Give up on a call long before the default two minutes; callers bound it anyway.
            config.setProperty("hazelcast.client.invocation.timeout.seconds", "5");
        }
        config.setInstanceName(unusedName("tlsresume-client-" + settings.nodeId(),
                HazelcastClient::getHazelcastClientByName));
        config.getConnectionStrategyConfig().setAsyncStart(true)
                .setReconnectMode(ClientConnectionStrategyConfig.ReconnectMode.ASYNC);
        return HazelcastClient.newHazelcastClient(config);
    }

    private static Config memberConfig(Settings settings) {
        Config config = new Config();
        config.setClusterName(settings.clusterName());
        NetworkConfig network = config.getNetworkConfig();
        network.setPort(settings.clusterPort()).setPortAutoIncrement(false);
        network.getInterfaces().setEnabled(true).addInterface(settings.clusterInterface());
        network.getRestApiConfig().setEnabled(false);
        settings.clusterInterfaceChoice().ifPresent(why -> LOG.log(System.Logger.Level.INFO,
                "{0}=auto: the member binds to and advertises {1}", settings.nameOf(
                        Setting.CLUSTER_INTERFACE), why));
        JoinConfig join = network.getJoin();
        join.getMulticastConfig().setEnabled(false);
        join.getAutoDetectionConfig().setEnabled(false);
        if (settings.clusterDiscovery() == ClusterDiscovery.MEMBERS) {
            join.getTcpIpConfig().setEnabled(true).setConnectionTimeoutSeconds(2);
            String self = settings.clusterInterface() + ":" + settings.clusterPort();
            join.getTcpIpConfig().addMember(self);
            settings.clusterMembers().forEach(join.getTcpIpConfig()::addMember);
        } else {
            join.getTcpIpConfig().setEnabled(false);
            kubernetes(settings, join.getKubernetesConfig().setEnabled(true));
        }
        config.getJetConfig().setEnabled(false);
        return config;
    }

    /**
     * Hazelcast's own Kubernetes discovery (in the hazelcast jar). Every pod's member listens on
     * {@code cluster.port}, so the peers found are reached at that port. Hazelcast lets
     * {@code hazelcast.kubernetes.*} system properties and {@code HAZELCAST_KUBERNETES_*}
     * environment variables override these; docs/operations.md says not to set them.
     */
    static void kubernetes(Settings settings, com.hazelcast.config.KubernetesConfig k8s) {
        k8s.setProperty("service-port", String.valueOf(settings.clusterPort()));
        if (settings.clusterDiscovery() == ClusterDiscovery.KUBERNETES_DNS) {
            k8s.setProperty("service-dns", settings.kubernetesServiceDns());
            k8s.setProperty("service-dns-timeout",
                    String.valueOf(settings.kubernetesServiceDnsTimeout().toSeconds()));
            return;
        }
        if (!settings.kubernetesNamespace().isEmpty()) {
            k8s.setProperty("namespace", settings.kubernetesNamespace());
        }
        if (!settings.kubernetesServiceName().isEmpty()) {
            k8s.setProperty("service-name", settings.kubernetesServiceName());
        } else {
            String label = settings.kubernetesServiceLabel();
            int eq = label.indexOf('=');
            k8s.setProperty("service-label-name", label.substring(0, eq));
            k8s.setProperty("service-label-value", label.substring(eq + 1));
        }
    }

    private static ClientConfig clientConfig(Settings settings) {
        ClientConfig config = new ClientConfig();
        config.setClusterName(settings.clusterName());
        if (settings.clusterMembers().isEmpty()) {
            throw settings.invalid(Setting.CLUSTER_MEMBERS, "cluster.mode=client"
                    + " needs at least one member address", null);
        }
        settings.clusterMembers().forEach(config.getNetworkConfig()::addAddress);
        return config;
    }

    private static MapConfig ringMapConfig(String name) {
        // Two synchronous copies: a key survives the loss of any one member.
        return new MapConfig(name)
                .setBackupCount(1)
                .setInMemoryFormat(InMemoryFormat.BINARY)
                .setMergePolicyConfig(ringMergePolicy());
    }

    /**
     * After a network partition heals, the smaller side's entries go into the larger side's map
     * only where it has none: an epoch both sides made a key for keeps the larger side's key (the
     * one most nodes already encrypt with; the others adopt it and keep theirs decrypt-only), and
     * a card or re-seal only one side has is kept. Hazelcast's default, set here so that a
     * change of default or a user's {@code cluster.config} cannot make a merge replace keys
     * (latest-update or higher-hits policies would switch the majority to the minority's key).
     */
    static MergePolicyConfig ringMergePolicy() {
        return new MergePolicyConfig(PutIfAbsentMergePolicy.class.getName(),
                MergePolicyConfig.DEFAULT_BATCH_SIZE);
    }

    private static Config loadMemberConfig(Settings settings, Path file) {
        try {
            return Config.loadFromFile(file.toFile());
        } catch (IOException | RuntimeException e) {
            throw settings.invalid(Setting.CLUSTER_CONFIG, "cannot load Hazelcast"
                    + " member config " + file + ": " + e.getMessage(), e);
        }
    }

    private static ClientConfig loadClientConfig(Settings settings, Path file) {
        try {
            String name = file.getFileName().toString();
            return name.endsWith(".yaml") || name.endsWith(".yml")
                    ? new com.hazelcast.client.config.YamlClientConfigBuilder(file.toFile()).build()
                    : new com.hazelcast.client.config.XmlClientConfigBuilder(file.toFile()).build();
        } catch (IOException | RuntimeException e) {
            throw settings.invalid(Setting.CLUSTER_CONFIG, "cannot load Hazelcast"
                    + " client config " + file + ": " + e.getMessage(), e);
        }
    }
}
