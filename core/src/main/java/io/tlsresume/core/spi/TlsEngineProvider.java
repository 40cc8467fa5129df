package io.tlsresume.core.spi;

import com.hazelcast.config.MapConfig;
import io.tlsresume.core.Settings;
import io.tlsresume.core.engine.EngineKind;
import java.util.List;

/**
 * A TLS engine as the core sees it: which engine it is, whether it can run here, the settings it
 * adds, the Hazelcast maps it needs and the metrics it reports. Register implementations in
 * {@code META-INF/services/io.tlsresume.core.spi.TlsEngineProvider}; they need a public no-argument
 * constructor that touches nothing platform-specific (the core loads every provider on the class
 * path, also on nodes running another engine).
 */
public interface TlsEngineProvider {

    /** The engine this provider implements. */
    EngineKind kind();

    /**
     * Returns normally if the engine can run in this JVM on this machine; called once when a node
     * with {@code engine=}{@link #kind()} starts.
     *
     * @throws IllegalStateException saying what is missing and how to provide it
     */
    void require();

    /**
     * The settings this engine adds to the core's, each stating that it applies to this engine.
     * A node running another engine refuses them when set, naming them.
     */
    default List<EngineSetting<?>> settings() {
        return List.of();
    }

    /**
     * Checks the engine's settings together and returns the typed object the engine reads them
     * from ({@link Settings#engineSettings(Class)}). Each value arrives parsed by its
     * {@link EngineSetting}; report a wrong combination with {@link EngineSettingValues#invalid}.
     * Called for every node (with the defaults where this engine is not the node's), so that
     * {@link #mapConfigs(Settings)} has values everywhere.
     *
     * @return the engine's settings object; {@code null} if it has none
     */
    default Object engineSettings(EngineSettingValues values) {
        return null;
    }

    /**
     * Configurations of the distributed maps this engine uses, added to every embedded member
     * (whatever engine its node runs, because every member holds a share of every map).
     */
    default List<MapConfig> mapConfigs(Settings settings) {
        return List.of();
    }

    /**
     * Adds this engine's metrics to {@code node}'s {@link io.tlsresume.core.metrics.MetricsSink}
     * (each a {@link io.tlsresume.core.metrics.MetricSource}), once, when a node on this engine
     * starts and before its exporters start; every exporter (JMX, Micrometer) then shows them.
     */
    default void registerMetrics(io.tlsresume.core.ResumptionNode node) {
    }
}
