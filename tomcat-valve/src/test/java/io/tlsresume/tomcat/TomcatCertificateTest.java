package io.tlsresume.tomcat;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.tlsresume.testkit.OpenSslClient;
import io.tlsresume.testkit.TempFiles;
import io.tlsresume.testkit.TestCertificates;
import io.tlsresume.testkit.TestNodes;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.apache.tomcat.util.net.SSLHostConfigCertificate;
import org.junit.jupiter.api.Test;

/** Where the server's key comes from: Tomcat's {@code <Certificate>} or tlsresume's settings. */
class TomcatCertificateTest {

    @Test
    void servesTheCertificateElementsKey() throws Exception {
        try (EmbeddedTomcat tomcat = new EmbeddedTomcat(new TestNodes(1).properties(0)).start()) {
            String served = servedCertificate(tomcat.port());
            assertTrue(served.equals(pem(TestCertificates.get().certificatePem())), served);
        }
    }

    @Test
    void listenerKeyStoreReplacesTheCertificateElement() throws Exception {
        Path other = TestCertificates.get().generateOther("other", "EC");
        Map<String, String> attributes = new TestNodes(1).properties(0);
        attributes.put("keyStorePath", other.toString());
        attributes.put("keyStorePassword", TestCertificates.PASSWORD);
        try (EmbeddedTomcat tomcat = new EmbeddedTomcat(attributes).start()) {
            String served = servedCertificate(tomcat.port());
            assertTrue(served.equals(pem(other.resolveSibling("other.pem"))), served);
        }
    }

    @Test
    void servesPemFilesOfTheCertificateElement() throws Exception {
        Path key = TempFiles.directory("tlsresume-pem").resolve("key.pem");
        Process p = new ProcessBuilder("openssl", "pkcs12", "-in",
                TestCertificates.get().keyStore().toString(), "-nocerts", "-nodes", "-passin",
                "pass:" + TestCertificates.PASSWORD, "-out", key.toString())
                .redirectErrorStream(true).start();
        p.getInputStream().transferTo(OutputStream.nullOutputStream());
        assertTrue(p.waitFor(30, TimeUnit.SECONDS) && p.exitValue() == 0, "openssl pkcs12");
        try (EmbeddedTomcat tomcat = new EmbeddedTomcat(new TestNodes(1).properties(0))) {
            SSLHostConfigCertificate pem = new SSLHostConfigCertificate(tomcat.hostConfig,
                    SSLHostConfigCertificate.Type.UNDEFINED);
            pem.setCertificateFile(TestCertificates.get().certificatePem().toString());
            pem.setCertificateKeyFile(key.toString());
            tomcat.hostConfig.getCertificates().clear();
            tomcat.hostConfig.addCertificate(pem);
            assertEquals(List.of(pem), List.copyOf(tomcat.hostConfig.getCertificates()),
                    "only the PEM certificate is configured");
            tomcat.start();
            String served = servedCertificate(tomcat.port());
            assertTrue(served.equals(pem(TestCertificates.get().certificatePem())), served);
        }
    }

    private static String servedCertificate(int port) {
        String out = OpenSslClient.connect(port, "tls1_3", null, null).output();
        return between(out);
    }

    private static String pem(Path file) throws Exception {
        return between(Files.readString(file));
    }

    /** The base64 body of the first PEM certificate in {@code text}, without line breaks. */
    private static String between(String text) {
        int start = text.indexOf("-----BEGIN CERTIFICATE-----");
        int end = text.indexOf("-----END CERTIFICATE-----", start);
        return text.substring(start + 27, end).replaceAll("\\s", "");
    }
}
