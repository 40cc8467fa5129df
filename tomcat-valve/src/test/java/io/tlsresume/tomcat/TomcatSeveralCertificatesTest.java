package io.tlsresume.tomcat;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.tlsresume.testkit.OpenSslClient;
import io.tlsresume.testkit.TestPki;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * An RSA and an EC {@code <Certificate>} in one {@code <SSLHostConfig>} on two nodes: the
 * client's signature algorithms pick the certificate (TLS 1.2 too, where Tomcat alone would go
 * by cipher suites), and sessions made with either resume on the other node.
 */
class TomcatSeveralCertificatesTest {
    private static final TestPki.Issued SERVER_RSA = TestHosts.CA.server("server-rsa",
            TestPki.KeyAlg.RSA, "localhost");
    private static TomcatPair pair;

    @BeforeAll
    static void start() {
        pair = new TomcatPair(Map.of(), index -> List.of(TestHosts.host("_default_",
                SERVER_RSA, TestHosts.SERVER_EC)));
    }

    @AfterAll
    static void stop() {
        pair.close();
    }

    @ParameterizedTest
    @CsvSource({
        "tls1_3, ECDSA+SHA256, ECDSA",
        "tls1_3, RSA-PSS+SHA256, RSA-PSS",
        "tls1_2, ECDSA+SHA256, ECDSA",
        "tls1_2, RSA+SHA256, RSA",
    })
    void signatureAlgorithmsPickTheCertificateAndSessionsResumeOnOtherNode(String protocol,
            String sigalgs, String signatureType) {
        Path session = OpenSslClient.sessionFile();
        OpenSslClient.Result first = OpenSslClient.connect(pair.a.port(), protocol, null,
                session, "-sigalgs", sigalgs);
        assertFalse(first.reused(), first.output());
        assertTrue(first.output().contains("Peer signature type: " + signatureType + "\n"),
                first.output());
        assertTrue(first.output().contains("node=" + pair.nodeId(0) + " resumed=false"),
                first.output());

        OpenSslClient.Result second = OpenSslClient.connect(pair.b.port(), protocol, session,
                null, "-sigalgs", sigalgs);
        assertTrue(second.reused(), second.output());
        assertTrue(second.output().contains("node=" + pair.nodeId(1) + " resumed=true"),
                second.output());
    }
}
