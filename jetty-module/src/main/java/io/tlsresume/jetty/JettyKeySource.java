package io.tlsresume.jetty;

import io.tlsresume.core.KeySource;
import io.tlsresume.core.Setting;
import io.tlsresume.core.SettingsException;
import java.nio.file.Path;
import org.eclipse.jetty.util.resource.Resource;
import org.eclipse.jetty.util.ssl.SslContextFactory;

/** Reads the server key from Jetty's key store settings, naming those settings on error. */
final class JettyKeySource {
    private JettyKeySource() {
    }

    /**
     * The key and chain {@code factory}'s key store settings name, loaded once to check them.
     *
     * @throws SettingsException naming Jetty's setting ({@code keyStorePassword}, ...)
     */
    static KeySource of(SslContextFactory factory) {
        Resource resource = factory.getKeyStoreResource();
        Path path = resource == null ? null : resource.getPath();
        if (path == null) {
            throw new SettingsException("keyStorePath", "no key store set (module property"
                    + " jetty.sslContext.keyStorePath)");
        }
        String password = factory.getKeyStorePassword();
        if (password == null || password.isEmpty()) {
            throw new SettingsException("keyStorePassword", "no key store password set for "
                    + path + " (module property jetty.sslContext.keyStorePassword)");
        }
        String keyPassword = factory.getKeyManagerPassword();
        String alias = factory.getCertAlias();
        KeySource keys = KeySource.keyStore(path, factory.getKeyStoreType(),
                password.toCharArray(), alias == null ? "" : alias,
                (keyPassword == null ? password : keyPassword).toCharArray());
        try {
            keys.certificateChain();
            return keys;
        } catch (SettingsException e) {
            // Core names the setting by its own property; the user wrote Jetty's.
            throw new SettingsException(jettyName(e.settingName()), e.problem(), e);
        }
    }

    /** Jetty's name for a key setting core reports under its own name. */
    private static String jettyName(String coreName) {
        return Setting.byName(coreName).map(setting -> switch (setting) {
            case KEY_STORE_PATH -> "keyStorePath";
            case KEY_STORE_PASSWORD -> "keyStorePassword";
            case KEY_STORE_TYPE -> "keyStoreType";
            case KEY_ALIAS -> "certAlias";
            case KEY_PASSWORD -> "keyManagerPassword";
            default -> coreName;
        }).orElse(coreName);
    }
}
