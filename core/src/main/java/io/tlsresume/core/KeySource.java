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
 * Where the server's private key and certificate chain come from: a PKCS12/JKS key store or a
 * pair of PEM files. Loading failures are {@link SettingsException}s naming the setting to fix.
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
     * A PEM certificate chain (leaf first) and a PKCS#8 PEM private key; failures name the
     * settings by property name ({@code tlsresume.pemCertChain}, ...).
     */
    static KeySource pem(Path certChain, Path privateKey, String keyPassword) {
        return pem(certChain, privateKey, keyPassword, Setting::property);
    }

    /**
     * A PEM certificate chain (leaf first) and a PKCS#8 PEM private key.
     *
     * @param names how failures name each key setting (as the user wrote it)
     */
    static KeySource pem(Path certChain, Path privateKey, String keyPassword,
            Function<Setting, String> names) {
        return new PemSource(certChain, privateKey, keyPassword, names);
    }

    /** Starts a Netty server context builder with this key and chain. */
    SslContextBuilder newServerBuilder();

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
            Entry entry = load();
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

        private record Entry(PrivateKey key, List<X509Certificate> chain) { }

        private Entry load() {
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
            try {
                String chosen = chooseAlias(store);
                Key key = store.getKey(chosen, keyPassword);
                if (!(key instanceof PrivateKey privateKey)) {
                    throw new SettingsException(names.apply(Setting.KEY_ALIAS), "entry '" + chosen
                            + "' in " + path + " is not a private key");
                }
                List<X509Certificate> chain = new ArrayList<>();
                for (Certificate c : store.getCertificateChain(chosen)) {
                    chain.add((X509Certificate) c);
                }
                return new Entry(privateKey, List.copyOf(chain));
            } catch (java.security.UnrecoverableKeyException e) {
                throw new SettingsException(names.apply(Setting.KEY_PASSWORD), "cannot recover the"
                        + " private key from " + describe() + ": wrong key password", e);
            } catch (GeneralSecurityException e) {
                throw new SettingsException(names.apply(Setting.KEY_STORE_PATH), "cannot read the"
                        + " key from " + describe() + ": " + e.getMessage(), e);
            }
        }

        private String chooseAlias(KeyStore store) throws GeneralSecurityException {
            if (!alias.isEmpty()) {
                if (!store.isKeyEntry(alias)) {
                    throw new SettingsException(names.apply(Setting.KEY_ALIAS), "no key entry '"
                            + alias + "' in " + path);
                }
                return alias;
            }
            List<String> keyAliases = new ArrayList<>();
            for (String a : Collections.list(store.aliases())) {
                if (store.isKeyEntry(a)) {
                    keyAliases.add(a);
                }
            }
            if (keyAliases.size() != 1) {
                throw new SettingsException(names.apply(Setting.KEY_ALIAS), path + " holds "
                        + keyAliases.size() + " key entries " + keyAliases + "; name one");
            }
            return keyAliases.get(0);
        }
    }

    /** PEM files. */
    record PemSource(Path certChain, Path privateKey, String keyPassword,
            Function<Setting, String> names) implements KeySource {

        @Override
        public SslContextBuilder newServerBuilder() {
            certificateChain(); // fail with the setting's name before Netty's generic error
            try {
                return SslContextBuilder.forServer(certChain.toFile(), privateKey.toFile(),
                        keyPassword.isEmpty() ? null : keyPassword);
            } catch (IllegalArgumentException e) {
                throw new SettingsException(names.apply(Setting.PEM_PRIVATE_KEY), "cannot read "
                        + privateKey + ": " + e.getMessage(), e);
            }
        }

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
            try {
                return PemPrivateKeys.read(privateKey, keyPassword);
            } catch (IOException | GeneralSecurityException e) {
                throw new SettingsException(names.apply(Setting.PEM_PRIVATE_KEY), "cannot read "
                        + privateKey + ": " + e.getMessage(), e);
            }
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
