package io.tlsresume.spring;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.tlsresume.core.ResumptionNode;
import io.tlsresume.testkit.OpenSslClient;
import io.tlsresume.testkit.TempFiles;
import io.tlsresume.testkit.TestCertificates;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.springframework.context.ConfigurableApplicationContext;

/**
 * SSL bundle reload on Tomcat ({@code reload-on-update}): after the PEM files change, the new
 * certificate is served by the same node on the same ring, and a session made before the reload
 * still resumes.
 */
class TomcatBundleReloadTest {
    private static final Pattern SERVED = Pattern.compile(
            "-----BEGIN CERTIFICATE-----\\s+([A-Za-z0-9+/=\\s]+?)-----END CERTIFICATE-----");

    @Test
    void renewedCertificateIsServedAndEarlierSessionsResume() throws Exception {
        Path dir = TempFiles.directory("tlsresume-pem-reload");
        Map<String, Object> properties = PemBundle.properties(Apps.base(Apps.Server.TOMCAT), dir);
        String original = PemBundle.write(TestCertificates.get().keyStore(), dir);
        properties.put("spring.ssl.bundle.pem.web.reload-on-update", "true");
        properties.put("spring.ssl.bundle.watch.file.quiet-period", "100ms");
        Apps.alone(properties, "r");
        try (ConfigurableApplicationContext app = Apps.start(properties)) {
            ResumptionNode node = ClusterResumptionTest.node(app);
            String key = node.metrics().getCurrentKeyFingerprint();
            Path session = OpenSslClient.sessionFile();
            OpenSslClient.Result before = OpenSslClient.connect(Apps.port(app), "tls1_3", null,
                    session);
            assertFalse(before.reused(), before.output());
            assertEquals(original, served(before));

            String renewed = PemBundle.write(
                    TestCertificates.get().generateOther("renewed", "EC"), dir);
            assertNotEquals(original, renewed);
            OpenSslClient.Result fresh = awaitServed(Apps.port(app), renewed);

            assertFalse(fresh.reused(), fresh.output());
            OpenSslClient.Result resumed = OpenSslClient.connect(Apps.port(app), "tls1_3",
                    session, null);
            assertTrue(resumed.reused(), resumed.output());
            assertTrue(resumed.output().contains("node=r resumed=true"), resumed.output());
            assertSame(node, ClusterResumptionTest.node(app));
            assertEquals(key, node.metrics().getCurrentKeyFingerprint());
        }
    }

    /** Connects until the renewed certificate is served (the file watcher's delay). */
    private static OpenSslClient.Result awaitServed(int port, String certificate)
            throws InterruptedException {
        long deadline = System.nanoTime() + Duration.ofSeconds(20).toNanos();
        OpenSslClient.Result result = OpenSslClient.connect(port, "tls1_3", null, null);
        while (!certificate.equals(served(result)) && System.nanoTime() < deadline) {
            Thread.sleep(200);
            result = OpenSslClient.connect(port, "tls1_3", null, null);
        }
        assertEquals(certificate, served(result), "the renewed certificate is not served");
        return result;
    }

    /** The leaf certificate s_client printed, as one base64 string. */
    private static String served(OpenSslClient.Result result) {
        Matcher m = SERVED.matcher(result.output());
        assertTrue(m.find(), result.output());
        return m.group(1).replaceAll("\\s", "");
    }
}
