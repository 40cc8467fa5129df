package io.tlsresume.spring;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;

import io.tlsresume.core.Setting;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.EnumSet;
import java.util.Set;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.springframework.boot.json.JsonParserFactory;

/**
 * The IDE metadata Boot's configuration processor wrote for the starter documents every
 * tlsresume.* property with the description and default of its core {@link Setting}, and every
 * setting that is not a key setting has its property.
 */
class ConfigurationMetadataTest {
    private static final Set<Setting> KEY_SETTINGS = EnumSet.of(Setting.KEY_STORE_PATH,
            Setting.KEY_STORE_TYPE, Setting.KEY_STORE_PASSWORD, Setting.KEY_ALIAS,
            Setting.KEY_PASSWORD, Setting.PEM_CERT_CHAIN, Setting.PEM_PRIVATE_KEY,
            Setting.PEM_KEY_PASSWORD);

    @Test
    void everySettingIsAPropertyWithItsDescriptionAndDefault() throws IOException {
        Map<String, Map<String, Object>> properties = properties();
        Set<Setting> mapped = EnumSet.noneOf(Setting.class);
        for (SettingProperty property : SettingProperty.values()) {
            Setting setting = property.setting();
            mapped.add(setting);
            Map<String, Object> item = properties.get(property.property());
            assertNotNull(item, "no metadata for " + property.property());
            assertEquals(setting.description(), item.get("description"), property.property());
            Object expected = setting.defaultValue().isEmpty() ? null : switch (setting) {
                case SEALING -> Boolean.TRUE;
                case CLUSTER_PORT -> Long.valueOf(setting.defaultValue());
                default -> setting.defaultValue();
            };
            Object actual = item.get("defaultValue");
            assertEquals(expected, actual instanceof Number n ? (Object) n.longValue() : actual,
                    property.property());
        }
        assertEquals(EnumSet.complementOf(EnumSet.copyOf(KEY_SETTINGS)), mapped);
        assertEquals(Boolean.TRUE, properties.get("tlsresume.enabled").get("defaultValue"));
        assertNotNull(properties.get("tlsresume.enabled").get("description"));
    }

    /** The metadata's properties by name. */
    @SuppressWarnings("unchecked")
    private Map<String, Map<String, Object>> properties() throws IOException {
        try (InputStream in = getClass().getResourceAsStream(
                "/META-INF/spring-configuration-metadata.json")) {
            Map<String, Object> metadata = JsonParserFactory.getJsonParser()
                    .parseMap(new String(in.readAllBytes(), StandardCharsets.UTF_8));
            Map<String, Map<String, Object>> byName = new HashMap<>();
            for (Object item : (List<Object>) metadata.get("properties")) {
                Map<String, Object> property = (Map<String, Object>) item;
                byName.put((String) property.get("name"), property);
            }
            return byName;
        }
    }
}
