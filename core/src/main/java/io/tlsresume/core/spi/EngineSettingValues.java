package io.tlsresume.core.spi;

import io.tlsresume.core.SettingsException;

/** The parsed values of an engine's settings, handed to {@link TlsEngineProvider#engineSettings}. */
public interface EngineSettingValues {

    /** The value of {@code setting}: the user's, or its default. */
    <T> T get(EngineSetting<T> setting);

    /**
     * An exception naming {@code setting} as the user wrote it, to throw when its value does not
     * fit the others.
     */
    SettingsException invalid(EngineSetting<?> setting, String problem);
}
