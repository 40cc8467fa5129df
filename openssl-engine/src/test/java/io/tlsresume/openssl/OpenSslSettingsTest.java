package io.tlsresume.openssl;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.hazelcast.config.MapConfig;
import io.tlsresume.core.Settings;
import io.tlsresume.core.SettingsException;
import io.tlsresume.core.engine.EngineKind;
import io.tlsresume.core.engine.EngineRequirements;
import io.tlsresume.core.spi.EngineSetting;
import io.tlsresume.core.spi.TlsEngineProvider;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * The settings engine=openssl adds through the engine SPI: found by the core on this class path,
 * validated naming the setting, refused for another engine, documented, and turned into the
 * session map's configuration.
 */
class OpenSslSettingsTest {

    @Test
    void theCoreFindsTheEngineAndItsSettings() {
        TlsEngineProvider provider = EngineRequirements.provider(EngineKind.OPENSSL)
                .orElseThrow();
        assertEquals(OpenSslSettings.ALL, provider.settings());
        for (EngineSetting<?> setting : provider.settings()) {
            assertEquals(EngineKind.OPENSSL, setting.engine(), setting + " applies to openssl");
        }
    }

    @Test
    void defaultsAreDocumentedValues() {
        OpenSslSettings s = OpenSslSettings.of(Settings.builder().set("engine", "openssl")
                .build());
        assertTrue(s.sessionStore());
        assertEquals(Duration.ofHours(1), s.sessionTimeout());
        assertEquals(100_000, s.sessionStoreMaxEntries());
        assertEquals(Duration.ofMillis(50), s.sessionStoreTimeout());
        assertFalse(s.ringTickets());
        // A node of another engine has them too (its member holds a share of the session map).
        assertEquals(s, OpenSslSettings.of(Settings.builder().build()));
    }

    @Test
    void valuesAreReadFromTheirNames() {
        Settings settings = Settings.builder().set("engine", "openssl")
                .set("tlsresume.sessionStore", "off").set("sessionTimeout", "30m")
                .set("sessionStore.maxEntries", "7").set("sessionStore.timeout", "20ms")
                .set("sessionTickets", "ring").build();
        assertEquals(new OpenSslSettings(false, Duration.ofMinutes(30), 7,
                Duration.ofMillis(20), true), OpenSslSettings.of(settings));
        assertTrue(settings.toString().contains("sessionStore=off timeout=30m max=7 bound=20ms"
                + " tickets=ring"), settings.toString());
    }

    @ParameterizedTest(name = "{0}={1}")
    @CsvSource(delimiter = '|', value = {
        "sessionStore|maybe|must be on or off",
        "sessionTimeout|500ms|between 1s and 7d",
        "sessionTimeout|8d|between 1s and 7d",
        "sessionTimeout|999999999999999d|too long a duration",
        "sessionStore.maxEntries|0|at least 1",
        "sessionStore.maxEntries|many|not a whole number",
        "sessionStore.timeout|0ms|must be positive",
        "sessionTickets|stateless|must be stateful or ring",
    })
    void badValueIsRejectedNamingTheSetting(String name, String value, String reason) {
        SettingsException e = assertThrows(SettingsException.class,
                () -> Settings.builder().set("engine", "openssl").set(name, value).build());
        assertEquals(name, e.settingName());
        assertTrue(e.getMessage().contains(name), e.getMessage());
        assertTrue(e.getMessage().contains(reason), e.getMessage());
    }

    @Test
    void openSslEngineSettingsAreRefusedForBoringSsl() {
        SettingsException e = assertThrows(SettingsException.class,
                () -> Settings.builder().set("sessionTimeout", "30m").build());
        assertEquals("sessionTimeout", e.settingName());
        assertTrue(e.getMessage().contains("applies to engine=openssl only (this node runs"
                + " engine=boringssl)"), e.getMessage());
    }

    @Test
    void sessionMapConfigFollowsTheSettings() {
        Settings settings = Settings.builder().set("engine", "openssl")
                .set("sessionTimeout", "3s").set("sessionStore.maxEntries", "200").build();
        List<MapConfig> maps = new OpenSslProvider().mapConfigs(settings);
        assertEquals(1, maps.size());
        MapConfig map = maps.get(0);
        assertEquals(SessionMaps.MAP_NAME, map.getName());
        assertEquals(3, map.getTimeToLiveSeconds());
        assertEquals(200, map.getEvictionConfig().getSize());
        assertEquals(1, map.getBackupCount());
    }

    @Test
    void configurationReferenceDocumentsEverySettingWithItsDefault() throws Exception {
        // The reference lives in docs/configuration.md once the README is split; until then
        // in the README.
        Path docs = Path.of("..", "docs", "configuration.md");
        String reference = Files.readString(Files.exists(docs) ? docs : Path.of("..",
                "README.md"));
        for (EngineSetting<?> setting : OpenSslSettings.ALL) {
            String row = "| `" + setting.key() + "` | `" + setting.defaultValue() + "` |";
            assertTrue(reference.contains(row), "the reference lacks the row starting " + row);
        }
    }
}
