package io.tlsresume.openssl;

import com.hazelcast.config.MapConfig;
import io.tlsresume.core.ResumptionNode;
import io.tlsresume.core.Settings;
import io.tlsresume.core.engine.EngineKind;
import io.tlsresume.core.spi.EngineSetting;
import io.tlsresume.core.spi.EngineSettingValues;
import io.tlsresume.core.spi.TlsEngineProvider;
import java.util.List;

/**
 * engine=openssl as the core sees it (service-loaded): checks at node start that the system
 * OpenSSL 3 can be called, adds the session-store settings ({@link OpenSslSettings}) and the
 * session map ({@link SessionMaps}).
 */
public final class OpenSslProvider implements TlsEngineProvider {

    /** Called by {@link java.util.ServiceLoader}; loads nothing native. */
    public OpenSslProvider() {
    }

    @Override
    public EngineKind kind() {
        return EngineKind.OPENSSL;
    }

    @Override
    public void require() {
        LibSsl.get();
    }

    @Override
    public List<EngineSetting<?>> settings() {
        return OpenSslSettings.ALL;
    }

    @Override
    public Object engineSettings(EngineSettingValues values) {
        return OpenSslSettings.from(values);
    }

    @Override
    public List<MapConfig> mapConfigs(Settings settings) {
        return List.of(SessionMaps.mapConfig(OpenSslSettings.of(settings)));
    }

    /** The session store and callback counters ({@link OpenSslMetrics}) join the node's sink. */
    @Override
    public void registerMetrics(ResumptionNode node) {
        OpenSslMetrics.of(node);
    }
}
