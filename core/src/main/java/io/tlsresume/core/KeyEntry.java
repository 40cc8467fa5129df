package io.tlsresume.core;

import java.security.GeneralSecurityException;
import java.security.Key;
import java.security.KeyStore;
import java.security.PrivateKey;
import java.security.UnrecoverableKeyException;
import java.security.cert.Certificate;
import java.security.cert.X509Certificate;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.function.Function;

/** A private key and its chain read from a loaded key store, with errors naming the setting. */
record KeyEntry(PrivateKey key, List<X509Certificate> chain) {

    /**
     * Reads the entry {@code alias} ({@code ""}: the only key entry).
     *
     * @param where the store's name in messages ("/etc/keys.p12", "in-memory key store")
     * @param describe the source as {@link KeySource#describe()} says it
     */
    static KeyEntry read(KeyStore store, String alias, char[] keyPassword, String where,
            String describe, Function<Setting, String> names) {
        try {
            String chosen = chooseAlias(store, alias, where, names);
            Key key = store.getKey(chosen, keyPassword);
            if (!(key instanceof PrivateKey privateKey)) {
                throw new SettingsException(names.apply(Setting.KEY_ALIAS), "entry '" + chosen
                        + "' in " + where + " is not a private key");
            }
            Certificate[] certificates = store.getCertificateChain(chosen);
            if (certificates == null || certificates.length == 0) {
                throw new SettingsException(names.apply(Setting.KEY_ALIAS), "entry '" + chosen
                        + "' in " + where + " has no certificate chain");
            }
            List<X509Certificate> chain = new ArrayList<>();
            for (Certificate c : certificates) {
                chain.add((X509Certificate) c);
            }
            return new KeyEntry(privateKey, List.copyOf(chain));
        } catch (UnrecoverableKeyException e) {
            throw new SettingsException(names.apply(Setting.KEY_PASSWORD), "cannot recover the"
                    + " private key from " + describe + ": wrong key password", e);
        } catch (GeneralSecurityException e) {
            throw new SettingsException(names.apply(Setting.KEY_STORE_PATH), "cannot read the"
                    + " key from " + describe + ": " + e.getMessage(), e);
        }
    }

    /** Never the key. */
    @Override
    public String toString() {
        return "KeyEntry[" + chain.get(0).getSubjectX500Principal() + "]";
    }

    private static String chooseAlias(KeyStore store, String alias, String where,
            Function<Setting, String> names) throws GeneralSecurityException {
        if (!alias.isEmpty()) {
            if (!store.isKeyEntry(alias)) {
                throw new SettingsException(names.apply(Setting.KEY_ALIAS), "no key entry '"
                        + alias + "' in " + where);
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
            throw new SettingsException(names.apply(Setting.KEY_ALIAS), where + " holds "
                    + keyAliases.size() + " key entries " + keyAliases + "; name one");
        }
        return keyAliases.get(0);
    }
}
