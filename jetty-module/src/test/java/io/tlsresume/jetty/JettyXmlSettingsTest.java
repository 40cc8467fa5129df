package io.tlsresume.jetty;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.tlsresume.core.SettingsException;
import io.tlsresume.testkit.OpenSslClient;
import io.tlsresume.testkit.TestCertificates;
import io.tlsresume.testkit.TestNodes;
import java.util.HashMap;
import java.util.Map;
import org.eclipse.jetty.server.Server;
import org.eclipse.jetty.server.ServerConnector;
import org.eclipse.jetty.util.resource.ResourceFactory;
import org.eclipse.jetty.xml.XmlConfiguration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * The factory configured from a jetty.xml: it serves, it leaves no Hazelcast thread behind when
 * stopped, and a wrong setting makes {@code server.start()} fail naming that setting.
 */
class JettyXmlSettingsTest {

    @Test
    void servesWhenConfiguredFromJettyXmlAndStopsCleanly() throws Exception {
        Server server = configure(Map.of());
        server.start();
        try {
            int port = ((ServerConnector) server.getConnectors()[0]).getLocalPort();
            OpenSslClient.Result result = OpenSslClient.connect(port, "tls1_3", null, null);
            assertEquals("TLSv1.3", result.protocol(), result.output());
            assertTrue(hazelcastThreads() > 0, "the node runs a Hazelcast member");
        } finally {
            server.stop();
        }
        // Hazelcast ends its threads asynchronously after terminate(): bounded wait, then check.
        for (int i = 0; i < 100 && hazelcastThreads() > 0; i++) {
            Thread.sleep(100);
        }
        assertEquals(0, hazelcastThreads(), "Hazelcast threads left after stop");
    }

    @ParameterizedTest(name = "{0}={1}")
    @CsvSource({
        "rotationInterval, 0, rotationInterval",
        "ticketLifetime, 8d, ticketLifetime",
        "engine, conscrypt, engine",
        "engine, openssl, engine",
        "sessionStore, off, sessionStore",
        "rotationIntervall, 1h, rotationIntervall",
        "keyStorePath, /etc/other.p12, keyStorePath",
    })
    void badSettingFailsStartNamingIt(String name, String value, String named) throws Exception {
        SettingsException e = startFailure(Map.of("test.settingName", name,
                "test.settingValue", value));
        assertTrue(e.getMessage().contains(named), e.getMessage());
        assertEquals(named, e.settingName());
    }

    @Test
    void missingKeyStorePasswordFailsStartNamingIt() throws Exception {
        SettingsException e = startFailure(Map.of("test.keyStorePassword", ""));
        assertEquals("keyStorePassword", e.settingName(), e.getMessage());
    }

    @Test
    void wrongKeyStorePasswordFailsStartNamingIt() throws Exception {
        SettingsException e = startFailure(Map.of("test.keyStorePassword", "Typo-3141"));
        assertEquals("keyStorePassword", e.settingName(), e.getMessage());
        assertFalse(e.getMessage().contains("Typo-3141"), "no password in messages");
    }

    /**
     * Client certificates are served since issue 13, but never against nothing: a trust store
     * without any trusted certificate fails start naming the trust store.
     */
    @Test
    void clientCertificatesWithAnEmptyTrustStoreFailStartNamingIt() throws Exception {
        java.nio.file.Path empty = java.nio.file.Files.createTempFile("tlsresume-empty", ".p12");
        try {
            java.security.KeyStore store = java.security.KeyStore.getInstance("PKCS12");
            store.load(null, null);
            try (var out = java.nio.file.Files.newOutputStream(empty)) {
                store.store(out, TestCertificates.PASSWORD.toCharArray());
            }
            Server server = configure(Map.of());
            server.getContainedBeans(ResumingSslContextFactory.class).forEach(ssl -> {
                ssl.setNeedClientAuth(true);
                ssl.setTrustStorePath(empty.toString());
                ssl.setTrustStorePassword(TestCertificates.PASSWORD);
            });
            SettingsException e = startFailure(server);
            assertEquals("trustStorePath", e.settingName(), e.getMessage());
            assertTrue(e.getMessage().contains("needClientAuth"), e.getMessage());
        } finally {
            java.nio.file.Files.deleteIfExists(empty);
        }
    }

    private static SettingsException startFailure(Map<String, String> overrides)
            throws Exception {
        return startFailure(configure(overrides));
    }

    private static SettingsException startFailure(Server server) throws Exception {
        try {
            Throwable failure = assertThrows(Throwable.class, server::start);
            SettingsException e = find(failure);
            assertNotNull(e, () -> "no SettingsException in " + failure);
            System.out.println("start() failed: " + failure.getMessage());
            // Jetty rethrows the bean's exception as is: the user sees our message first.
            assertTrue(failure.getMessage().contains(e.settingName()), failure.toString());
            return e;
        } finally {
            server.stop();
        }
    }

    private static Server configure(Map<String, String> overrides) throws Exception {
        TestNodes nodes = new TestNodes(1);
        Map<String, String> properties = new HashMap<>(Map.of(
                "test.keyStorePath", TestCertificates.get().keyStore().toString(),
                "test.keyStorePassword", TestCertificates.PASSWORD,
                "test.nodeId", "xml-" + nodes.clusterName().substring(5, 13),
                "test.clusterName", nodes.clusterName(),
                "test.clusterPort", String.valueOf(nodes.clusterPort(0)),
                "test.clusterMembers", nodes.members()));
        properties.putAll(overrides);
        try (ResourceFactory.Closeable resources = ResourceFactory.closeable()) {
            XmlConfiguration xml = new XmlConfiguration(resources.newClassLoaderResource(
                    "tlsresume-jetty.xml"));
            xml.getProperties().putAll(properties);
            return (Server) xml.configure();
        }
    }

    private static SettingsException find(Throwable failure) {
        for (Throwable t = failure; t != null; t = t.getCause()) {
            if (t instanceof SettingsException e) {
                return e;
            }
            for (Throwable suppressed : t.getSuppressed()) {
                if (suppressed instanceof SettingsException e) {
                    return e;
                }
            }
        }
        return null;
    }

    private static long hazelcastThreads() {
        return Thread.getAllStackTraces().keySet().stream()
                .filter(t -> t.isAlive() && t.getName().startsWith("hz.")).count();
    }
}
