package io.tlsresume.core;

import io.netty.handler.ssl.SslContextBuilder;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.AccessDeniedException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.Key;
import java.security.KeyStore;
import java.security.KeyStoreException;
import java.security.PrivateKey;
import java.security.cert.Certificate;
import java.security.cert.CertificateFactory;
import java.security.cert.X509Certificate;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.function.Function;

/**
 * Where the server's private key and certificate chain come from: a PKCS12/JKS key store file, a
 * {@link KeyStore} object, a pair of PEM files, or a key and chain already in memory. Loading
 * failures are {@link SettingsException}s naming the setting to fix.
 */
public sealed interface KeySource {

    /**
     * A key entry in a PKCS12 or JKS key store; failures name the settings by property name
     * ({@code tlsresume.keyStorePassword}, ...).
     */
    static KeySource keyStore(Path path, String type, char[] password, String alias,
            char[] keyPassword) {
        return keyStore(path, type, password, alias, keyPassword, Setting::property);
    }

    /**
     * A key entry in a PKCS12 or JKS key store.
     *
     * @param names how failures name each key setting (as the user wrote it)
     */
    static KeySource keyStore(Path path, String type, char[] password, String alias,
            char[] keyPassword, Function<Setting, String> names) {
        return new KeyStoreSource(path, type, password.clone(), alias, keyPassword.clone(),
                names);
    }

    /**
     * A key entry of a key store object already loaded (Spring Boot's SSL bundles, Jetty's
     * {@code setKeyStore(KeyStore)}, Tomcat's {@code certificateKeystore}).
     *
     * @param alias the entry; {@code ""} for the only key entry of the store
     * @param keyPassword the entry's password
     * @param description where the store comes from, for logs and messages (no secrets)
     * @param names how failures name each key setting (as the user wrote it)
     */
    static KeySource keyStore(KeyStore store, String alias, char[] keyPassword,
            String description, Function<Setting, String> names) {
        return new KeyStoreObjectSource(store, alias, keyPassword.clone(), description, names);
    }

    /**
     * A private key and its certificate chain (leaf first) already in memory.
     *
     * @param description where they come from, for logs and messages (no secrets)
     */
    static KeySource inMemory(PrivateKey key, List<X509Certificate> chain, String description) {
        if (chain.isEmpty()) {
            throw new IllegalArgumentException(description + ": empty certificate chain");
        }
        return new InMemorySource(key, List.copyOf(chain), description);
    }

    /**
     * A PEM certificate chain (leaf first) and a PEM private key in any form OpenSSL writes
     * (see {@link #pem(Path, Path, String, Function)}); failures name the settings by property name
     * ({@code tlsresume.pemCertChain}, ...).
     */
    static KeySource pem(Path certChain, Path privateKey, String keyPassword) {
        return pem(certChain, privateKey, keyPassword, Setting::property);
    }

    /**
     * A PEM certificate chain (leaf first) and a PEM private key in any form OpenSSL writes:
     * PKCS#8 ({@code PRIVATE KEY}, {@code ENCRYPTED PRIVATE KEY}), RSA PKCS#1 ({@code RSA PRIVATE
     * KEY}) or EC SEC1 ({@code EC PRIVATE KEY}).
     *
     * @param names how failures name each key setting (as the user wrote it)
     */
    static KeySource pem(Path certChain, Path privateKey, String keyPassword,
            Function<Setting, String> names) {
        return new PemSource(certChain, privateKey, keyPassword, names);
    }

    /** Starts a Netty server context builder with this key and chain. */
    default SslContextBuilder newServerBuilder() {
        List<X509Certificate> chain = certificateChain();
        return SslContextBuilder.forServer(loadPrivateKey(),
                chain.toArray(X509Certificate[]::new));
    }

    /** The certificate chain, leaf first. */
    List<X509Certificate> certificateChain();

    /**
     * The private key of the leaf certificate. Besides the TLS engine, the node uses it to sign
     * its membership card in the key ring (see {@code io.tlsresume.core.sealing}).
     */
    PrivateKey loadPrivateKey();

    /** Where the key comes from, for logs (no passwords). */
    String describe();

    /** A key store entry. */
    record KeyStoreSource(Path path, String type, char[] password, String alias,
            char[] keyPassword, Function<Setting, String> names) implements KeySource {

        @Override
        public SslContextBuilder newServerBuilder() {
            KeyEntry entry = load();
            return SslContextBuilder.forServer(entry.key(),
                    entry.chain().toArray(X509Certificate[]::new));
        }

        @Override
        public List<X509Certificate> certificateChain() {
            return load().chain();
        }

        @Override
        public PrivateKey loadPrivateKey() {
            return load().key();
        }

        @Override
        public String describe() {
            return type + " key store " + path + (alias.isEmpty() ? "" : " alias " + alias);
        }

        @Override
        public String toString() {
            return "KeyStoreSource[" + describe() + "]";
        }

        private KeyEntry load() {
            KeyStore store;
            try {
                store = KeyStore.getInstance(type);
            } catch (KeyStoreException e) {
                throw new SettingsException(Setting.KEY_STORE_TYPE.property(), "no key store"
                        + " type '" + type + "' here (PKCS12 or JKS)", e);
            }
            try (InputStream in = Files.newInputStream(path)) {
                store.load(in, password);
            } catch (NoSuchFileException | AccessDeniedException e) {
                throw new SettingsException(Setting.KEY_STORE_PATH.property(), "cannot read "
                        + path + " (" + e.getClass().getSimpleName() + ")", e);
            } catch (IOException e) {
                // A wrong password surfaces as an IOException whose cause is unrecoverable.
                throw new SettingsException(names.apply(Setting.KEY_STORE_PASSWORD), "cannot open "
                        + describe() + ": " + e.getMessage() + " (wrong password or not a " + type
                        + " file?)", e);
            } catch (GeneralSecurityException e) {
                throw new SettingsException(names.apply(Setting.KEY_STORE_PATH), "cannot read "
                        + describe() + ": " + e.getMessage(), e);
            }
            return KeyEntry.read(store, alias, keyPassword, path.toString(), describe(), names);
        }
    }

    /** A key entry of a key store object. */
    record KeyStoreObjectSource(KeyStore store, String alias, char[] keyPassword,
            String description, Function<Setting, String> names) implements KeySource {

        @Override
        public List<X509Certificate> certificateChain() {
            return load().chain();
        }

        @Override
        public PrivateKey loadPrivateKey() {
            return load().key();
        }

        @Override
        public String describe() {
            return description + (alias.isEmpty() ? "" : " alias " + alias);
        }

        @Override
        public String toString() {
            return "KeyStoreObjectSource[" + describe() + "]";
        }

        private KeyEntry load() {
            return KeyEntry.read(store, alias, keyPassword, description, describe(), names);
        }
    }

    /** A key and chain in memory. */
    record InMemorySource(PrivateKey key, List<X509Certificate> chain, String description)
            implements KeySource {

        @Override
        public List<X509Certificate> certificateChain() {
            return chain;
        }

        @Override
        public PrivateKey loadPrivateKey() {
            return key;
        }

        @Override
        public String describe() {
            return description;
        }

        /** Never the key. */
        @Override
        public String toString() {
            return "InMemorySource[" + description + "]";
        }
    }

    /** PEM files. */
    record PemSource(Path certChain, Path privateKey, String keyPassword,
            Function<Setting, String> names) implements KeySource {

        @Override
        public List<X509Certificate> certificateChain() {
            try (InputStream in = Files.newInputStream(certChain)) {
                List<X509Certificate> chain = new ArrayList<>();
                for (Certificate c : CertificateFactory.getInstance("X.509")
                        .generateCertificates(in)) {
                    chain.add((X509Certificate) c);
                }
                if (chain.isEmpty()) {
                    throw new SettingsException(names.apply(Setting.PEM_CERT_CHAIN), certChain
                            + " holds no certificate");
                }
                return List.copyOf(chain);
            } catch (IOException | GeneralSecurityException e) {
                throw new SettingsException(names.apply(Setting.PEM_CERT_CHAIN), "cannot read "
                        + certChain + ": " + e.getMessage(), e);
            }
        }

        @Override
        public PrivateKey loadPrivateKey() {
            return PemPrivateKeys.read(privateKey, keyPassword, names);
        }

        @Override
        public String describe() {
            return "PEM " + certChain + " + " + privateKey;
        }

        @Override
        public String toString() {
            return "PemSource[" + describe() + "]";
        }
    }
}
