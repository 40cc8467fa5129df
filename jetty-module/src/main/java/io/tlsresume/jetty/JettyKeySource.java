package io.tlsresume.jetty;

import io.tlsresume.core.KeySource;
import io.tlsresume.core.Setting;
import io.tlsresume.core.SettingsException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyStore;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.function.Function;
import org.eclipse.jetty.util.resource.Resource;
import org.eclipse.jetty.util.ssl.SslContextFactory;

/** Reads server keys from Jetty's key store settings, naming those settings on error. */
final class JettyKeySource {
    /** Jetty's names for the key settings core reports under its own names. */
    static final Function<Setting, String> JETTY_NAMES = setting -> switch (setting) {
        case KEY_STORE_PATH -> "keyStorePath";
        case KEY_STORE_PASSWORD -> "keyStorePassword";
        case KEY_STORE_TYPE -> "keyStoreType";
        case KEY_ALIAS -> "certAlias";
        case KEY_PASSWORD -> "keyManagerPassword";
        default -> setting.property();
    };

    private JettyKeySource() {
    }

    /**
     * The node's own key (it signs the node's ring membership card): {@code certAlias}'s entry,
     * else the key store's only key entry, else its first by alias order, so every node with
     * the same key store picks the same. Read from {@code setKeyStore}'s object when one is
     * set, else from {@code keyStorePath}; loaded once to check the settings.
     *
     * @throws SettingsException naming Jetty's setting ({@code keyStorePassword}, ...)
     */
    static KeySource of(SslContextFactory factory) {
        KeyStore inMemory = factory.getKeyStore();
        String keyPassword = keyPassword(factory);
        if (inMemory != null) {
            String alias = factory.getCertAlias() != null ? factory.getCertAlias()
                    : firstKeyEntry(inMemory);
            return checked(KeySource.keyStore(inMemory, alias, chars(keyPassword),
                    "key store object (setKeyStore)", JETTY_NAMES));
        }
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
        if (factory.getKeyStoreProvider() != null) {
            // Core loads by type alone; a provider's own type (e.g. BCFKS) needs the provider.
            KeyStore store = loadWithProvider(factory, path, password);
            String alias = factory.getCertAlias() != null ? factory.getCertAlias()
                    : firstKeyEntry(store);
            return checked(KeySource.keyStore(store, alias, chars(keyPassword),
                    "key store " + path, JETTY_NAMES));
        }
        String alias = factory.getCertAlias() != null ? factory.getCertAlias()
                : firstKeyEntry(path, factory.getKeyStoreType(), password);
        KeySource keys = KeySource.keyStore(path, factory.getKeyStoreType(),
                password.toCharArray(), alias, chars(keyPassword));
        try {
            return checked(keys);
        } catch (SettingsException e) {
            // Core names some settings by its own property; the user wrote Jetty's.
            throw new SettingsException(jettyName(e.settingName()), e.problem(), e);
        }
    }

    private static String jettyName(String coreName) {
        return Setting.byName(coreName).map(JETTY_NAMES).orElse(coreName);
    }

    private static KeyStore loadWithProvider(SslContextFactory factory, Path path,
            String password) {
        KeyStore store;
        try {
            store = KeyStore.getInstance(factory.getKeyStoreType(), factory.getKeyStoreProvider());
        } catch (java.security.GeneralSecurityException e) {
            throw new SettingsException("keyStoreProvider", "no key store type '"
                    + factory.getKeyStoreType() + "' from provider '"
                    + factory.getKeyStoreProvider() + "': " + e.getMessage(), e);
        }
        try (InputStream in = Files.newInputStream(path)) {
            store.load(in, password.toCharArray());
            return store;
        } catch (Exception e) {
            throw new SettingsException("keyStorePassword", "cannot open " + path + ": "
                    + e.getMessage() + " (wrong password or not a " + factory.getKeyStoreType()
                    + " file?)", e);
        }
    }

    /** One key entry of the key store Jetty loaded. */
    static KeySource entry(SslContextFactory factory, KeyStore store, String alias) {
        String where = factory.getKeyStoreResource() == null ? "key store object"
                : "key store " + factory.getKeyStoreResource().getPath();
        return KeySource.keyStore(store, alias, chars(keyPassword(factory)),
                where + " entry '" + alias + "'", JETTY_NAMES);
    }

    /** Jetty's key password: {@code keyManagerPassword}, else {@code keyStorePassword}. */
    private static String keyPassword(SslContextFactory factory) {
        return factory.getKeyManagerPassword() != null ? factory.getKeyManagerPassword()
                : factory.getKeyStorePassword();
    }

    private static char[] chars(String password) {
        return password == null ? new char[0] : password.toCharArray();
    }

    private static KeySource checked(KeySource keys) {
        keys.certificateChain();
        return keys;
    }

    /** "" (core's "the only key entry") unless several: then the first by alias. */
    private static String firstKeyEntry(KeyStore store) {
        try {
            List<String> keys = new ArrayList<>();
            for (String alias : Collections.list(store.aliases())) {
                if (store.isKeyEntry(alias)) {
                    keys.add(alias);
                }
            }
            Collections.sort(keys);
            return keys.size() > 1 ? keys.get(0) : "";
        } catch (java.security.KeyStoreException e) {
            return ""; // core's loader reports the store's problem, naming the setting
        }
    }

    private static String firstKeyEntry(Path path, String type, String password) {
        try (InputStream in = Files.newInputStream(path)) {
            KeyStore store = KeyStore.getInstance(type);
            store.load(in, password.toCharArray());
            return firstKeyEntry(store);
        } catch (Exception e) {
            return ""; // core's loader reports the same failure, naming the setting
        }
    }
}
