package io.tlsresume.tomcat;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.tlsresume.testkit.OpenSslClient;
import io.tlsresume.testkit.TempFiles;
import io.tlsresume.testkit.TestPki;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.List;
import java.util.Map;
import org.apache.tomcat.util.net.SSLHostConfig;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * A certificate renewal on node A while it runs (its key store file replaced, then Tomcat's
 * {@code reloadSslHostConfigs}): A serves the new certificate on the same ring, sessions made
 * before still resume on A and B, and sessions made after resume on B.
 */
class TomcatReloadTest {
    private static final TestPki.Issued RENEWED = TestHosts.CA.server("server-ec-renewal",
            TestPki.KeyAlg.EC, "localhost");

    @ParameterizedTest
    @ValueSource(strings = {"tls1_2", "tls1_3"})
    void renewalByReloadKeepsSessionsResumingOnBothNodes(String protocol) throws IOException {
        Path storeOfA = TempFiles.directory("tlsresume-reload").resolve("server.p12");
        Files.copy(TestHosts.SERVER_EC.p12(), storeOfA);
        try (TomcatPair pair = new TomcatPair(Map.of(), index -> {
            SSLHostConfig host = TestHosts.host("_default_", TestHosts.SERVER_EC);
            if (index == 0) {
                host.getCertificates().iterator().next().setCertificateKeystoreFile(
                        storeOfA.toString());
            }
            return List.of(host);
        })) {
            Path before = OpenSslClient.sessionFile();
            OpenSslClient.Result old = OpenSslClient.connect(pair.a.port(), protocol, null,
                    before);
            assertEquals(pem(TestHosts.SERVER_EC.certPem()), served(old));
            long ringRotations = pair.a.listener.getNode().metrics().getRotations();

            Files.copy(RENEWED.p12(), storeOfA, StandardCopyOption.REPLACE_EXISTING);
            pair.a.reloadSslHostConfigs();

            Path after = OpenSslClient.sessionFile();
            OpenSslClient.Result renewed = OpenSslClient.connect(pair.a.port(), protocol, null,
                    after);
            assertFalse(renewed.reused(), renewed.output());
            assertEquals(pem(RENEWED.certPem()), served(renewed), "A serves the new certificate");
            assertEquals(ringRotations, pair.a.listener.getNode().metrics().getRotations(),
                    "the reload keeps the ring");

            for (EmbeddedTomcat node : List.of(pair.a, pair.b)) {
                OpenSslClient.Result r = OpenSslClient.connect(node.port(), protocol, before,
                        null);
                assertTrue(r.reused(), "a session from before the reload on " + node.nodeId()
                        + ":\n" + r.output());
                assertTrue(r.output().contains("node=" + node.nodeId() + " resumed=true"),
                        r.output());
            }
            OpenSslClient.Result onB = OpenSslClient.connect(pair.b.port(), protocol, after,
                    null);
            assertTrue(onB.reused(), "a session from after the reload on B:\n" + onB.output());
        }
    }

    /** The base64 body of the first certificate in {@code file}. */
    private static String pem(Path file) throws IOException {
        return firstCertificate(Files.readString(file));
    }

    private static String served(OpenSslClient.Result result) {
        return firstCertificate(result.output());
    }

    private static String firstCertificate(String text) {
        int start = text.indexOf("-----BEGIN CERTIFICATE-----");
        int end = text.indexOf("-----END CERTIFICATE-----", start);
        return start < 0 ? "(none)" : text.substring(start + 27, end).replaceAll("\\s", "");
    }
}
