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

    /** Properties serving HTTPS from a PEM bundle named {@code web}. */
    static Map<String, Object> properties(Map<String, Object> base) {
        Path dir = TempFiles.directory("tlsresume-pem-bundle");
        try (InputStream in = Files.newInputStream(TestCertificates.get().keyStore())) {
            KeyStore store = KeyStore.getInstance("PKCS12");
            char[] password = TestCertificates.PASSWORD.toCharArray();
            store.load(in, password);
            String alias = store.aliases().nextElement();
            PrivateKey key = (PrivateKey) store.getKey(alias, password);
            StringBuilder chain = new StringBuilder();
            for (Certificate c : store.getCertificateChain(alias)) {
                chain.append(pem("CERTIFICATE", c.getEncoded()));
            }
            Path cert = Files.writeString(dir.resolve("chain.pem"), chain);
            Path keyFile = Files.writeString(dir.resolve("key.pem"),
                    pem("PRIVATE KEY", key.getEncoded()));
            base.put("spring.ssl.bundle.pem.web.keystore.certificate", cert.toUri().toString());
            base.put("spring.ssl.bundle.pem.web.keystore.private-key",
                    keyFile.toUri().toString());
            base.put("server.ssl.bundle", "web");
            return base;
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
