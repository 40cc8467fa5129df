package io.tlsresume.tomcat;

import io.tlsresume.core.KeySource;
import io.tlsresume.core.Setting;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import org.apache.tomcat.util.file.ConfigFileLoader;
import org.apache.tomcat.util.net.SSLHostConfigCertificate;

/**
 * Turns a Tomcat {@code <Certificate>} element into a tlsresume {@link KeySource}: a key store
 * ({@code certificateKeystore*}) or PEM files ({@code certificateFile},
 * {@code certificateKeyFile}). Relative paths resolve as Tomcat resolves them (against
 * {@code $CATALINA_BASE}).
 */
final class CertificateKeys {

    private CertificateKeys() {
    }

    static KeySource of(SSLHostConfigCertificate certificate) {
        if (certificate.getCertificateFile() != null) {
            return pem(certificate);
        }
        String password = secret(certificate.getCertificateKeystorePassword(),
                certificate.getCertificateKeystorePasswordFile(), "certificateKeystorePassword");
        String keyPassword = secret(certificate.getCertificateKeyPassword(),
                certificate.getCertificateKeyPasswordFile(), "certificateKeyPassword");
        String alias = certificate.getCertificateKeyAlias();
        return KeySource.keyStore(resolve(certificate.getCertificateKeystoreFile(),
                        "certificateKeystoreFile"),
                certificate.getCertificateKeystoreType(),
                password == null ? new char[0] : password.toCharArray(),
                alias == null ? "" : alias,
                (keyPassword != null ? keyPassword : password == null ? "" : password)
                        .toCharArray(), CertificateKeys::attribute);
    }

    /** The {@code <Certificate>} attribute a user wrote for what the core calls {@code key}. */
    static String attribute(Setting key) {
        return switch (key) {
            case KEY_STORE_PASSWORD -> "certificateKeystorePassword";
            case KEY_STORE_TYPE -> "certificateKeystoreType";
            case KEY_ALIAS -> "certificateKeyAlias";
            case KEY_PASSWORD, PEM_KEY_PASSWORD -> "certificateKeyPassword";
            case PEM_CERT_CHAIN -> "certificateFile";
            case PEM_PRIVATE_KEY -> "certificateKeyFile";
            default -> "certificateKeystoreFile";
        };
    }

    private static KeySource pem(SSLHostConfigCertificate certificate) {
        if (certificate.getCertificateChainFile() != null) {
            throw new IllegalArgumentException("Certificate certificateChainFile is not"
                    + " supported by tlsresume: put the chain into certificateFile after the leaf");
        }
        Path chain = resolve(certificate.getCertificateFile(), "certificateFile");
        String keyFile = certificate.getCertificateKeyFile();
        Path key = keyFile == null ? chain : resolve(keyFile, "certificateKeyFile");
        String password = secret(certificate.getCertificateKeyPassword(),
                certificate.getCertificateKeyPasswordFile(), "certificateKeyPassword");
        return KeySource.pem(chain, key, password == null ? "" : password,
                CertificateKeys::attribute);
    }

    /** A password given inline or, as Tomcat allows, as the first line of a file. */
    private static String secret(String value, String file, String attribute) {
        if (value != null || file == null) {
            return value;
        }
        try {
            return Files.readAllLines(resolve(file, attribute + "File")).stream().findFirst()
                    .orElse("");
        } catch (IOException e) {
            throw new UncheckedIOException("Certificate " + attribute + "File " + file
                    + " cannot be read", e);
        }
    }

    private static Path resolve(String name, String attribute) {
        if (name == null) {
            throw new IllegalArgumentException("Certificate " + attribute + " is not set");
        }
        URI uri = ConfigFileLoader.getSource().getURI(name);
        if (uri == null || !"file".equals(uri.getScheme())) {
            throw new IllegalArgumentException("Certificate " + attribute + " " + name
                    + " is not a file (" + uri + ")");
        }
        return Path.of(uri);
    }
}
