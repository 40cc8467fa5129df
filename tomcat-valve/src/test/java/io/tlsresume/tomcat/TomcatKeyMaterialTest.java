package io.tlsresume.tomcat;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.tlsresume.testkit.OpenSslClient;
import io.tlsresume.testkit.TempFiles;
import io.tlsresume.testkit.TestNodes;
import io.tlsresume.testkit.TestPki;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.function.Consumer;
import org.apache.tomcat.util.net.SSLHostConfig;
import org.apache.tomcat.util.net.SSLHostConfigCertificate;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * Key material in the forms stock Tomcat takes on a {@code <Certificate>}: PEM keys in every form
 * OpenSSL writes with the chain in {@code certificateChainFile}, a key store object set in code
 * (as Spring Boot's SSL bundles do), a key manager set in code, and a password file.
 */
class TomcatKeyMaterialTest {
    private static final TestPki.Issued SERVER_RSA = TestHosts.CA.server("server-rsa-forms",
            TestPki.KeyAlg.RSA, "localhost");

    @ParameterizedTest
    @EnumSource(TestPki.KeyForm.class)
    void pemKeyOfEveryFormWithCertificateChainFile(TestPki.KeyForm form) {
        for (TestPki.Issued issued : List.of(TestHosts.SERVER_EC, SERVER_RSA)) {
            servesWithChain(issued, certificate -> {
                certificate.setCertificateFile(issued.certPem().toString());
                certificate.setCertificateChainFile(TestHosts.CA.caPem().toString());
                certificate.setCertificateKeyFile(issued.keyPem(form).toString());
                if (form == TestPki.KeyForm.PKCS8_ENCRYPTED) {
                    certificate.setCertificateKeyPassword(TestPki.PASSWORD);
                }
            });
        }
    }

    @Test
    void keyStoreObjectSetInCode() {
        servesWithChain(TestHosts.SERVER_EC, certificate -> {
            certificate.setCertificateKeystore(TestHosts.SERVER_EC.keyStore());
            certificate.setCertificateKeystorePassword(TestPki.PASSWORD);
        });
    }

    @Test
    void keyManagerSetInCode() throws Exception {
        javax.net.ssl.KeyManagerFactory factory = javax.net.ssl.KeyManagerFactory.getInstance(
                "PKIX");
        factory.init(TestHosts.SERVER_EC.keyStore(), TestPki.PASSWORD.toCharArray());
        servesWithChain(TestHosts.SERVER_EC, certificate -> certificate.setCertificateKeyManager(
                (javax.net.ssl.X509KeyManager) factory.getKeyManagers()[0]));
    }

    @Test
    void keyStorePasswordFile() throws IOException {
        Path passwordFile = TempFiles.directory("tlsresume-password").resolve("password.txt");
        Files.writeString(passwordFile, TestPki.PASSWORD + "\n");
        servesWithChain(TestHosts.SERVER_EC, certificate -> {
            certificate.setCertificateKeystoreFile(TestHosts.SERVER_EC.p12().toString());
            certificate.setCertificateKeystoreType("PKCS12");
            certificate.setCertificateKeystorePasswordFile(passwordFile.toString());
        });
    }

    /** Starts a node whose one certificate is set by {@code configure}; checks what it serves. */
    private static void servesWithChain(TestPki.Issued issued,
            Consumer<SSLHostConfigCertificate> configure) {
        SSLHostConfig host = new SSLHostConfig();
        SSLHostConfigCertificate certificate = new SSLHostConfigCertificate(host,
                SSLHostConfigCertificate.Type.UNDEFINED);
        configure.accept(certificate);
        host.addCertificate(certificate);
        try (EmbeddedTomcat tomcat = new EmbeddedTomcat(new TestNodes(1).properties(0),
                List.of(host))) {
            tomcat.start();
            OpenSslClient.Result r = OpenSslClient.connect(tomcat.port(), "tls1_3", null, null,
                    "-showcerts");
            assertTrue(r.output().contains("resumed=false"), r.output());
            List<String> chain = certificates(r.output());
            assertEquals(List.of(body(issued.certPem()), body(TestHosts.CA.caPem())), chain,
                    "leaf then CA:\n" + r.output());
        }
    }

    private static String body(Path pem) {
        try {
            return certificates(Files.readString(pem)).get(0);
        } catch (IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }

    /** The base64 bodies of the PEM certificates in {@code text}, in order. */
    private static List<String> certificates(String text) {
        List<String> found = new java.util.ArrayList<>();
        for (int start = text.indexOf("-----BEGIN CERTIFICATE-----"); start >= 0;
                start = text.indexOf("-----BEGIN CERTIFICATE-----", start + 1)) {
            int end = text.indexOf("-----END CERTIFICATE-----", start);
            found.add(text.substring(start + 27, end).replaceAll("\\s", ""));
        }
        return found;
    }
}
