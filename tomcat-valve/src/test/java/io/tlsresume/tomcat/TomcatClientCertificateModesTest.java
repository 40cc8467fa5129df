package io.tlsresume.tomcat;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.tlsresume.testkit.OpenSslClient;
import io.tlsresume.testkit.TempFiles;
import io.tlsresume.testkit.TestNodes;
import io.tlsresume.testkit.TestPki;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.function.IntConsumer;
import org.apache.tomcat.util.net.SSLHostConfig;
import org.junit.jupiter.api.Test;

/**
 * {@code certificateVerification="optional"} and {@code "optionalNoCA"} keep Tomcat's meaning, and
 * the trust may come from {@code trustManagerClassName} or {@code caCertificateFile}.
 */
class TomcatClientCertificateModesTest {

    @Test
    void optionalServesClientWithoutCertificateWithNoPrincipal() {
        withTomcat(TestHosts.requiring("optional"), port -> {
            OpenSslClient.Result r = OpenSslClient.connect(port, "tls1_3", null, null);
            assertTrue(r.output().contains("client=none"), r.output());
            OpenSslClient.Result alice = OpenSslClient.connect(port, "tls1_3", null, null,
                    TestHosts.clientCertificateArgs(TestHosts.ALICE).toArray(String[]::new));
            assertTrue(alice.output().contains("client=CN=alice"), alice.output());
        });
    }

    @Test
    void optionalRefusesCertificateOfAnotherCa() {
        withTomcat(TestHosts.requiring("optional"), port -> {
            String out = TomcatClientCertificateTest.connectRefused(port, "tls1_3",
                    TestHosts.clientCertificateArgs(TestHosts.MALLORY));
            assertFalse(out.contains("node="), out);
        });
    }

    @Test
    void optionalNoCaAcceptsCertificateOfUnknownCa() {
        withTomcat(TestHosts.requiring("optionalNoCA"), port -> {
            OpenSslClient.Result mallory = OpenSslClient.connect(port, "tls1_2", null, null,
                    TestHosts.clientCertificateArgs(TestHosts.MALLORY).toArray(String[]::new));
            assertTrue(mallory.output().contains("client=CN=mallory"), mallory.output());
            OpenSslClient.Result none = OpenSslClient.connect(port, "tls1_3", null, null);
            assertTrue(none.output().contains("client=none"), none.output());
        });
    }

    @Test
    void requiredWithTrustManagerClassNameUsesThatClass() {
        SSLHostConfig host = TestHosts.host("_default_", TestHosts.SERVER_EC);
        host.setCertificateVerification("required");
        host.setTrustManagerClassName(TestCaTrustManager.class.getName());
        acceptsAliceRefusesMallory(host);
    }

    @Test
    void requiredWithCaCertificateFileTrustsThatFile() {
        SSLHostConfig host = TestHosts.host("_default_", TestHosts.SERVER_EC);
        host.setCertificateVerification("required");
        host.setCaCertificateFile(TestHosts.CA.caPem().toString());
        acceptsAliceRefusesMallory(host);
    }

    @Test
    void certificateRevocationListFileRefusesRevokedCertificate() throws Exception {
        TestPki.Issued revoked = TestHosts.CA.client("revoked", TestPki.KeyAlg.EC, "revoked");
        SSLHostConfig host = TestHosts.requiring("required");
        host.setCertificateRevocationListFile(crlRevoking(revoked).toString());
        withTomcat(host, port -> {
            OpenSslClient.Result alice = OpenSslClient.connect(port, "tls1_3", null, null,
                    TestHosts.clientCertificateArgs(TestHosts.ALICE).toArray(String[]::new));
            assertTrue(alice.output().contains("client=CN=alice"), alice.output());
            String out = TomcatClientCertificateTest.connectRefused(port, "tls1_3",
                    TestHosts.clientCertificateArgs(revoked));
            assertFalse(out.contains("node="), out);
        });
    }

    /** A CRL of the test CA revoking {@code certificate}, made with {@code openssl ca}. */
    private static Path crlRevoking(TestPki.Issued certificate) throws Exception {
        Path dir = TempFiles.directory("tlsresume-crl");
        Path config = dir.resolve("ca.cnf");
        Files.writeString(dir.resolve("index.txt"), "");
        Files.writeString(config, "[ca]\ndefault_ca = test\n[test]\ndatabase = "
                + dir.resolve("index.txt") + "\ndefault_md = sha256\ndefault_crl_days = 30\n");
        Path crl = dir.resolve("ca.crl");
        List<String> ca = List.of("openssl", "ca", "-config", config.toString(), "-keyfile",
                TestHosts.CA.dir().resolve("ca.key").toString(), "-cert",
                TestHosts.CA.caPem().toString());
        run(concat(ca, "-revoke", certificate.certPem().toString()));
        run(concat(ca, "-gencrl", "-out", crl.toString()));
        return crl;
    }

    private static List<String> concat(List<String> head, String... tail) {
        List<String> all = new java.util.ArrayList<>(head);
        all.addAll(List.of(tail));
        return all;
    }

    private static void run(List<String> command) throws Exception {
        Process p = new ProcessBuilder(command).redirectErrorStream(true).start();
        String out = new String(p.getInputStream().readAllBytes());
        assertTrue(p.waitFor(30, TimeUnit.SECONDS) && p.exitValue() == 0, command + ":\n" + out);
    }

    private static void acceptsAliceRefusesMallory(SSLHostConfig host) {
        withTomcat(host, port -> {
            OpenSslClient.Result alice = OpenSslClient.connect(port, "tls1_3", null, null,
                    TestHosts.clientCertificateArgs(TestHosts.ALICE).toArray(String[]::new));
            assertTrue(alice.output().contains("client=CN=alice"), alice.output());
            String mallory = TomcatClientCertificateTest.connectRefused(port, "tls1_3",
                    TestHosts.clientCertificateArgs(TestHosts.MALLORY));
            assertFalse(mallory.contains("node="), mallory);
        });
    }

    private static void withTomcat(SSLHostConfig host, IntConsumer check) {
        try (EmbeddedTomcat tomcat = new EmbeddedTomcat(new TestNodes(1).properties(0),
                List.of(host))) {
            tomcat.start();
            check.accept(tomcat.port());
        }
    }
}
