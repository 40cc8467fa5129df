package io.tlsresume.core.cluster;

import com.hazelcast.client.HazelcastClient;
import com.hazelcast.client.config.ClientConfig;
import com.hazelcast.client.config.ClientConnectionStrategyConfig;
import com.hazelcast.config.Config;
import com.hazelcast.config.InMemoryFormat;
import com.hazelcast.config.JoinConfig;
import com.hazelcast.config.MapConfig;
import com.hazelcast.config.NetworkConfig;
import com.hazelcast.core.Hazelcast;
import com.hazelcast.core.HazelcastInstance;
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

    /** Starts an embedded member. */
    public static HazelcastInstance startMember(Settings settings) {
        Config config = settings.clusterConfig()
                .map(file -> loadMemberConfig(settings, file))
                .orElseGet(() -> memberConfig(settings));
        applyDefaults(config::getProperty, config::setProperty);
        config.setInstanceName("tlsresume-" + settings.nodeId());
        config.addMapConfig(ringMapConfig(HazelcastRingStore.MAP_NAME));
        config.addMapConfig(ringMapConfig(HazelcastRingStore.ENTRIES_MAP_NAME));
        // Every member holds a share of every engine's maps, whatever engine its node runs.
        for (TlsEngineProvider engine : EngineRequirements.providers()) {
            engine.mapConfigs(settings).forEach(config::addMapConfig);
        }
        try {
            return Hazelcast.newHazelcastInstance(config);
        } catch (RuntimeException e) {
            throw settings.invalid(Setting.CLUSTER_PORT, "the embedded Hazelcast"
                    + " member could not start on " + settings.clusterInterface() + ":"
                    + settings.clusterPort() + ": " + e.getMessage(), e);
        }
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
        config.setInstanceName("tlsresume-client-" + settings.nodeId());
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
        JoinConfig join = network.getJoin();
        join.getMulticastConfig().setEnabled(false);
        join.getAutoDetectionConfig().setEnabled(false);
        join.getTcpIpConfig().setEnabled(true).setConnectionTimeoutSeconds(2);
        String self = settings.clusterInterface() + ":" + settings.clusterPort();
        join.getTcpIpConfig().addMember(self);
        settings.clusterMembers().forEach(join.getTcpIpConfig()::addMember);
        config.getJetConfig().setEnabled(false);
        return config;
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
                .setInMemoryFormat(InMemoryFormat.BINARY);
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
