package io.tlsresume.jetty.openssl;

import io.tlsresume.core.SettingsException;
import io.tlsresume.jetty.ResumingSslContextFactory;
import java.security.GeneralSecurityException;
import java.security.KeyStore;
import java.security.PrivateKey;
import java.security.SecureRandom;
import java.security.cert.Certificate;
import java.security.cert.X509Certificate;
import java.util.ArrayList;
import java.util.Base64;
import java.util.Collections;
import java.util.List;
import javax.net.ssl.KeyManager;
import javax.net.ssl.X509KeyManager;
import org.apache.tomcat.util.net.SSLHostConfig;
import org.apache.tomcat.util.net.SSLHostConfigCertificate;

/**
 * The Tomcat {@code <SSLHostConfig>} equivalent to a Jetty factory on engine=openssl: one
 * certificate, the key entry Jetty serves ({@code certAlias}, or the key store's only key
 * entry), no client certificates. Jetty's cipher suite and protocol choices apply per
 * connection ({@code customize}), on top of the engine's defaults.
 *
 * <p>The key is handed to Tomcat in an in-memory key store under a random password made here,
 * so Jetty's passwords are not needed again and nothing is written to disk.
 */
final class JettyHostConfig {
    /** The alias Tomcat's key loading looks for first. */
    static final String ALIAS = "tomcat";

    private JettyHostConfig() {
    }

    static SSLHostConfig of(ResumingSslContextFactory factory, KeyStore keyStore,
            KeyManager[] keyManagers) throws GeneralSecurityException {
        refuseUnsupported(factory);
        String alias = servedAlias(factory, keyStore);
        X509Certificate leaf = (X509Certificate) keyStore.getCertificate(alias);
        X509KeyManager manager = x509(keyManagers);
        String managerAlias = managerAlias(manager, leaf);
        PrivateKey key = manager.getPrivateKey(managerAlias);
        X509Certificate[] chain = manager.getCertificateChain(managerAlias);

        char[] password = randomPassword();
        KeyStore memory = KeyStore.getInstance("PKCS12");
        try {
            memory.load(null, null);
        } catch (java.io.IOException e) {
            throw new IllegalStateException(e);
        }
        memory.setKeyEntry(ALIAS, key, password, chain);

        SSLHostConfig host = new SSLHostConfig();
        SSLHostConfigCertificate certificate = new SSLHostConfigCertificate(host,
                SSLHostConfigCertificate.Type.UNDEFINED);
        certificate.setCertificateKeystore(memory);
        certificate.setCertificateKeystorePassword(new String(password));
        certificate.setCertificateKeyAlias(ALIAS);
        host.addCertificate(certificate);
        return host;
    }

    /** What the OpenSSL engine on Jetty does not serve yet fails start, naming the setting. */
    private static void refuseUnsupported(ResumingSslContextFactory factory) {
        if (factory.getNeedClientAuth() || factory.getWantClientAuth()) {
            throw new SettingsException(factory.getNeedClientAuth() ? "needClientAuth"
                    : "wantClientAuth", "engine=openssl on Jetty serves no client certificates"
                    + " (yet): use engine=boringssl, or Tomcat on engine=openssl");
        }
    }

    /** Jetty's {@code certAlias}, or the only key entry with a server certificate. */
    private static String servedAlias(ResumingSslContextFactory factory, KeyStore keyStore)
            throws GeneralSecurityException {
        String configured = factory.getCertAlias();
        if (configured != null && !configured.isEmpty()) {
            if (!keyStore.isKeyEntry(configured)) {
                throw new SettingsException("certAlias", "the key store holds no key entry '"
                        + configured + "'");
            }
            return configured;
        }
        List<String> entries = new ArrayList<>();
        for (String alias : Collections.list(keyStore.aliases())) {
            if (keyStore.isKeyEntry(alias)
                    && keyStore.getCertificate(alias) instanceof X509Certificate) {
                entries.add(alias);
            }
        }
        if (entries.size() != 1) {
            throw new SettingsException("certAlias", "engine=openssl on Jetty serves one key"
                    + " entry and the key store holds " + entries.size() + " " + entries
                    + ": set certAlias (jetty.sslContext.alias) to the one to serve");
        }
        return entries.get(0);
    }

    /** The key manager's name for {@code leaf} (the JDK's PKIX manager renames aliases). */
    private static String managerAlias(X509KeyManager manager, Certificate leaf) {
        for (String type : List.of("EC", "RSA", "RSASSA-PSS", "EdDSA")) {
            String[] aliases = manager.getServerAliases(type, null);
            if (aliases == null) {
                continue;
            }
            for (String alias : aliases) {
                X509Certificate[] chain = manager.getCertificateChain(alias);
                if (chain != null && chain.length > 0 && chain[0].equals(leaf)
                        && manager.getPrivateKey(alias) != null) {
                    return alias;
                }
            }
        }
        throw new SettingsException("keyStorePath", "Jetty's key manager has no private key for"
                + " the certificate " + ((X509Certificate) leaf).getSubjectX500Principal());
    }

    private static X509KeyManager x509(KeyManager[] managers) {
        if (managers != null) {
            for (KeyManager manager : managers) {
                if (manager instanceof X509KeyManager x509) {
                    return x509;
                }
            }
        }
        throw new SettingsException("keyManagerFactoryAlgorithm", "Jetty's key manager factory"
                + " gave no X509KeyManager");
    }

    private static char[] randomPassword() {
        byte[] random = new byte[18];
        new SecureRandom().nextBytes(random);
        return Base64.getEncoder().encodeToString(random).toCharArray();
    }
}
