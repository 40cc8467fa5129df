package io.tlsresume.tomcat;

import io.tlsresume.core.KeySource;
import io.tlsresume.core.SettingsException;
import java.io.IOException;
import java.security.PrivateKey;
import java.security.UnrecoverableKeyException;
import java.security.cert.X509Certificate;
import java.util.List;
import java.util.Locale;
import javax.net.ssl.KeyManager;
import javax.net.ssl.X509KeyManager;
import org.apache.tomcat.util.net.SSLHostConfigCertificate;

/**
 * Turns a Tomcat {@code <Certificate>} element into a tlsresume {@link KeySource} with Tomcat's
 * own key loading ({@link TomcatTlsMaterial#getKeyManagers()}), so every form stock Tomcat
 * accepts works with the same meaning: {@code certificateKeystoreFile}/{@code Type}/
 * {@code Provider}/{@code Password}/{@code PasswordFile}, a key store set in code
 * ({@code setCertificateKeystore}), {@code certificateKeyAlias}, {@code certificateKeyPassword}/
 * {@code File}, PEM {@code certificateFile} + {@code certificateKeyFile} in every form OpenSSL
 * writes, {@code certificateChainFile}, and a key manager set in code
 * ({@code setCertificateKeyManager}). Relative paths resolve as Tomcat resolves them.
 */
final class CertificateKeys {
    /** Key algorithms a server certificate may have, asked of the key manager in this order. */
    private static final List<String> KEY_TYPES = List.of("EC", "RSA", "RSASSA-PSS", "EdDSA",
            "Ed25519", "Ed448", "ML-DSA", "DSA");

    private CertificateKeys() {
    }

    static KeySource of(SSLHostConfigCertificate certificate) {
        X509KeyManager manager = keyManager(certificate);
        String alias = serverAlias(manager, certificate);
        PrivateKey key = manager.getPrivateKey(alias);
        X509Certificate[] chain = manager.getCertificateChain(alias);
        if (key == null || chain == null || chain.length == 0) {
            throw new SettingsException(keyAttribute(certificate), describe(certificate)
                    + " has no private key with a certificate chain under alias " + alias);
        }
        return KeySource.inMemory(key, List.of(chain), describe(certificate));
    }

    private static X509KeyManager keyManager(SSLHostConfigCertificate certificate) {
        if (certificate.getCertificateKeyManager() != null) {
            return certificate.getCertificateKeyManager();
        }
        if (certificate.getCertificateFile() == null) {
            // Open the store first so a wrong store password is reported as such (Tomcat's key
            // manager code would report it as a failed load of some store).
            try {
                certificate.getCertificateKeystore();
            } catch (IOException e) {
                throw storeFailure(certificate, e);
            }
        }
        KeyManager[] managers;
        try {
            managers = new TomcatTlsMaterial(certificate).getKeyManagers();
        } catch (Exception e) {
            throw new SettingsException(keyAttribute(certificate), "cannot load the key of "
                    + describe(certificate) + ": " + e.getMessage(), e);
        }
        for (KeyManager manager : managers) {
            if (manager instanceof X509KeyManager x509) {
                return x509;
            }
        }
        throw new SettingsException(keyAttribute(certificate), describe(certificate)
                + " gave no X.509 key manager");
    }

    /** A key store that cannot be opened: a wrong password, or a file that cannot be read. */
    private static SettingsException storeFailure(SSLHostConfigCertificate certificate,
            IOException e) {
        boolean password = e.getCause() instanceof UnrecoverableKeyException
                || String.valueOf(e.getMessage()).toLowerCase(Locale.ROOT).contains("password");
        if (!password) {
            return new SettingsException("certificateKeystoreFile", "cannot read "
                    + describe(certificate) + ": " + e, e);
        }
        return new SettingsException(certificate.getCertificateKeystorePasswordFile() != null
                ? "certificateKeystorePasswordFile" : "certificateKeystorePassword",
                "cannot open " + describe(certificate) + ": " + e.getMessage()
                        + " (wrong password or not a " + certificate.getCertificateKeystoreType()
                        + " file?)", e);
    }

    /** The alias Tomcat serves: its key manager names it (the configured or the first key). */
    private static String serverAlias(X509KeyManager manager,
            SSLHostConfigCertificate certificate) {
        for (String type : KEY_TYPES) {
            String alias = manager.chooseServerAlias(type, null, null);
            if (alias != null && manager.getPrivateKey(alias) != null) {
                return alias;
            }
        }
        throw new SettingsException(keyAttribute(certificate), describe(certificate)
                + " holds no private key of a type a TLS server can use (" + KEY_TYPES + ")");
    }

    /** The attribute naming where the key comes from, for messages. */
    private static String keyAttribute(SSLHostConfigCertificate certificate) {
        if (certificate.getCertificateFile() != null) {
            return certificate.getCertificateKeyFile() != null ? "certificateKeyFile"
                    : "certificateFile";
        }
        return certificate.getCertificateKeyAlias() != null ? "certificateKeyAlias"
                : "certificateKeystoreFile";
    }

    /** Where the key comes from, without secrets. */
    static String describe(SSLHostConfigCertificate certificate) {
        String host = "SSLHostConfig " + certificate.getSSLHostConfig().getHostName()
                + " Certificate type=" + certificate.getType();
        if (certificate.getCertificateKeyManager() != null) {
            return host + " (key manager set in code)";
        }
        if (certificate.getCertificateFile() != null) {
            return host + " (certificateFile=" + certificate.getCertificateFile()
                    + (certificate.getCertificateKeyFile() == null ? ""
                            : " certificateKeyFile=" + certificate.getCertificateKeyFile())
                    + (certificate.getCertificateChainFile() == null ? ""
                            : " certificateChainFile=" + certificate.getCertificateChainFile())
                    + ")";
        }
        String file = certificate.getCertificateKeystoreFile();
        return host + " (certificateKeystoreFile=" + (file == null ? "(key store set in code)"
                : file) + (certificate.getCertificateKeyAlias() == null ? ""
                        : " certificateKeyAlias=" + certificate.getCertificateKeyAlias()) + ")";
    }
}
