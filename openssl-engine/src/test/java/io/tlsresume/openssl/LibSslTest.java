package io.tlsresume.openssl;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.tlsresume.core.ResumptionNode;
import io.tlsresume.core.engine.EngineKind;
import io.tlsresume.testkit.OpenSslClient;
import io.tlsresume.testkit.TestNodes;
import io.tlsresume.tomcat.EmbeddedTomcat;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import org.apache.tomcat.util.net.SSLHostConfigCertificate;
import org.junit.jupiter.api.Test;

/** The engine's start-time check against the real system library, and the engine running. */
class LibSslTest {

    @Test
    void systemLibsslIsOpenSsl3() {
        LibSsl.Loaded loaded = LibSsl.load();
        assertNull(loaded.problem(), loaded.problem());
        assertTrue(Long.compareUnsigned(loaded.lib().version(), LibSsl.MIN_VERSION) >= 0);
    }

    @Test
    void missingLibraryIsReportedWithTheFix() {
        LibSsl.Loaded loaded = LibSsl.tryLoad("libssl-that-is-not-installed.so");
        assertNull(loaded.lib());
        assertNotNull(loaded.problem());
        assertTrue(loaded.problem().contains("apt-get install libssl-dev"), loaded.problem());
        assertTrue(loaded.problem().contains(LibSsl.LIBRARY_PROPERTY), loaded.problem());
    }

    @Test
    void opensslNodeStartsHere() {
        // JDK 22+ with the module and libssl present: the probe passes, the node starts, and
        // Tomcat's connector handshakes through this engine (not Tomcat's JSSE, not BoringSSL).
        TestNodes nodes = new TestNodes(1);
        Map<String, String> attributes = new LinkedHashMap<>(nodes.properties(0));
        attributes.put("engine", "openssl");
        try (EmbeddedTomcat tomcat = new EmbeddedTomcat(attributes).start()) {
            ResumptionNode node = tomcat.listener.getNode();
            assertEquals(EngineKind.OPENSSL, node.settings().engine());
            SSLHostConfigCertificate certificate = tomcat.hostConfig.getCertificates().iterator()
                    .next();
            assertInstanceOf(ResumingOpenSslContext.class, certificate.getSslContextGenerated());

            Path session = OpenSslClient.sessionFile();
            OpenSslClient.Result first = OpenSslClient.connect(tomcat.port(), "tls1_2", null,
                    session, "-no_ticket");
            assertFalse(first.reused(), first.output());
            assertTrue(first.output().contains("HTTP/1.1 200"), first.output());
            // Only this engine keeps sessions in the cluster store: the id resumes through it.
            long hitsBefore = OpenSslMetrics.of(node).hits();
            OpenSslClient.Result second = OpenSslClient.connect(tomcat.port(), "tls1_2",
                    session, null, "-no_ticket");
            assertTrue(second.reused(), second.output());
            assertEquals(hitsBefore + 1, OpenSslMetrics.of(node).hits());
        }
    }
}
