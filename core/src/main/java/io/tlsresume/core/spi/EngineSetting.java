package io.tlsresume.core.spi;

import io.tlsresume.core.Setting;
import io.tlsresume.core.engine.EngineKind;
import java.util.Objects;
import java.util.function.Function;

/**
 * One setting an engine adds through {@link TlsEngineProvider#settings()}: documented, defaulted
 * and parsed here, read by the engine from its typed settings object. It is set by name like a
 * core {@link Setting} ({@code sessionTimeout} or {@code tlsresume.sessionTimeout}).
 *
 * @param engine the engine the setting applies to; any other engine refuses it
 * @param key the short name, e.g. {@code sessionTimeout}
 * @param defaultValue the default, as text
 * @param description one-paragraph documentation
 * @param parser turns text into the value; throws {@link IllegalArgumentException} whose
 *     message says what is wrong (the core adds the setting's name)
 * @param <T> the type of the value
 */
public record EngineSetting<T>(EngineKind engine, String key, String defaultValue,
        String description, Function<String, T> parser) {

    /** Checks that every component is present. */
    public EngineSetting {
        Objects.requireNonNull(engine, "engine");
        Objects.requireNonNull(key, "key");
        Objects.requireNonNull(defaultValue, "defaultValue");
        Objects.requireNonNull(description, "description");
        Objects.requireNonNull(parser, "parser");
    }

    /** The full property name, e.g. {@code tlsresume.sessionTimeout}. */
    public String property() {
        return Setting.PREFIX + key;
    }

    @Override
    public String toString() {
        return key;
    }
}
