package io.tlsresume.spring;

import io.tlsresume.core.Setting;
import io.tlsresume.core.Settings;
import io.tlsresume.core.SettingsException;
import java.util.Map;

/**
 * The {@code tlsresume.*} properties, validated by the core when the application starts: the
 * settings every server connector's node is built from. A wrong value fails the start with an
 * {@link InvalidTlsResumePropertyException} naming the property as the user wrote it.
 */
public final class TlsResumeSettings {
    private final Map<String, String> values;
    private final Settings settings;

    TlsResumeSettings(TlsResumeProperties properties, WrittenProperties written) {
        this.values = Map.copyOf(SettingProperty.settings(properties));
        Settings.Builder builder = Settings.builder().names(SettingProperty::propertyOf);
        try {
            // By setting, not by name: errors then name Boot's property (names(...) above).
            values.forEach((key, text) -> builder.set(Setting.byName(key).orElseThrow(), text));
            this.settings = builder.build();
        } catch (SettingsException e) {
            throw new InvalidTlsResumePropertyException(written.find(e.settingName()), e);
        }
    }

    /** The validated settings (the node id resolved). */
    public Settings settings() {
        return settings;
    }

    /** The values set, by the core's short names ({@code rotationInterval}), as text. */
    Map<String, String> values() {
        return values;
    }
}
