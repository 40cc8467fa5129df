package io.tlsresume.spring;

import io.tlsresume.testkit.TempFiles;
import io.tlsresume.testkit.TestCertificates;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyStore;
import java.security.PrivateKey;
import java.security.cert.Certificate;
import java.util.Base64;
import java.util.Map;

/**
 * The kit's certificate as the PEM files of a Boot SSL bundle
 * ({@code spring.ssl.bundle.pem.<name>.keystore.*}), so the kit's clients trust it.
 */
final class PemBundle {
    private PemBundle() {
    }

    /** Properties serving HTTPS from a PEM bundle named {@code web}: the kit's certificate. */
    static Map<String, Object> properties(Map<String, Object> base) {
        return properties(base, TempFiles.directory("tlsresume-pem-bundle"));
    }

    /** The same, the PEM files in {@code dir} ({@code chain.pem}, {@code key.pem}). */
    static Map<String, Object> properties(Map<String, Object> base, Path dir) {
        write(TestCertificates.get().keyStore(), dir);
        base.put("spring.ssl.bundle.pem.web.keystore.certificate",
                dir.resolve("chain.pem").toUri().toString());
        base.put("spring.ssl.bundle.pem.web.keystore.private-key",
                dir.resolve("key.pem").toUri().toString());
        base.put("server.ssl.bundle", "web");
        return base;
    }

    /**
     * Writes the key and chain of the PKCS12 store {@code p12} (password {@code changeit}) as
     * {@code dir/chain.pem} and {@code dir/key.pem}; returns the leaf certificate's base64.
     */
    static String write(Path p12, Path dir) {
        try (InputStream in = Files.newInputStream(p12)) {
            KeyStore store = KeyStore.getInstance("PKCS12");
            char[] password = TestCertificates.PASSWORD.toCharArray();
            store.load(in, password);
            String alias = store.aliases().nextElement();
            PrivateKey key = (PrivateKey) store.getKey(alias, password);
            StringBuilder chain = new StringBuilder();
            for (Certificate c : store.getCertificateChain(alias)) {
                chain.append(pem("CERTIFICATE", c.getEncoded()));
            }
            Files.writeString(dir.resolve("key.pem"), pem("PRIVATE KEY", key.getEncoded()));
            Files.writeString(dir.resolve("chain.pem"), chain);
            return Base64.getEncoder().encodeToString(store.getCertificate(alias).getEncoded());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException(e);
        }
    }

    private static String pem(String type, byte[] der) {
        return "-----BEGIN " + type + "-----\n"
                + Base64.getMimeEncoder(64, new byte[] {'\n'}).encodeToString(der)
                + "\n-----END " + type + "-----\n";
    }
}
