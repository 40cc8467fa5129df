package io.tlsresume.jetty;

import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.tlsresume.testkit.OpenSslClient;
import io.tlsresume.testkit.TestCertificates;
import io.tlsresume.testkit.TestNodes;
import java.nio.file.Path;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/** Jetty's key store reload (certificate renewal) reaches the engine and keeps the ring. */
class JettyCertificateReloadTest {
    private static final Pattern SERVER_CERTIFICATE = Pattern.compile(
            "-----BEGIN CERTIFICATE-----[^-]+-----END CERTIFICATE-----");

    @Test
    void reloadServesNewCertificateAndStillResumesOldSessions() throws Exception {
        Path renewed = TestCertificates.get().generateOther("renewed", "EC");
        try (JettyNode node = JettyNode.start(new TestNodes(1), 0,
                ssl -> ssl.setSetting("cluster.mode", "none"))) {
            Path session = OpenSslClient.sessionFile();
            OpenSslClient.Result before = OpenSslClient.connect(node.port(), "tls1_3", null,
                    session);

            node.sslContextFactory().reload(f -> f.setKeyStorePath(renewed.toString()));

            OpenSslClient.Result after = OpenSslClient.connect(node.port(), "tls1_3", null, null);
            assertNotEquals(certificate(before), certificate(after), after.output());
            OpenSslClient.Result resumed = OpenSslClient.connect(node.port(), "tls1_3", session,
                    null);
            assertTrue(resumed.reused(), "the ring outlives the reload: " + resumed.output());
        }
    }

    private static String certificate(OpenSslClient.Result result) {
        Matcher m = SERVER_CERTIFICATE.matcher(result.output());
        assertTrue(m.find(), result.output());
        return m.group();
    }
}
