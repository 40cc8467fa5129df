package io.tlsresume.jetty;

import static io.tlsresume.jetty.JettyPki.certArgs;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.tlsresume.core.SettingsException;
import io.tlsresume.testkit.OpenSslClient;
import io.tlsresume.testkit.TestCertificates;
import io.tlsresume.testkit.TestNodes;
import io.tlsresume.testkit.TestPki;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyStore;
import java.util.function.Consumer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** Jetty's client-certificate settings on one node, each with its stock Jetty meaning. */
class JettyClientAuthSettingsTest {
    private final JettyPki pki = JettyPki.get();

    @ParameterizedTest
    @ValueSource(strings = {"tls1_2", "tls1_3"})
    void wantClientAuthWithoutCertificateServesWithNoPrincipal(String protocol) throws Exception {
        try (JettyNode node = single(ssl -> {
            ssl.setWantClientAuth(true);
            ssl.setTrustStore(pki.ca.trustStore());
        })) {
            OpenSslClient.Result none = OpenSslClient.connect(node.port(), protocol, null, null);
            assertTrue(none.output().contains(ClientCertEchoHandler.client("none")),
                    none.output());
            OpenSslClient.Result with = OpenSslClient.connect(node.port(), protocol, null, null,
                    certArgs(pki.client));
            assertTrue(with.output().contains(ClientCertEchoHandler.client("CN=client-one")),
                    with.output());
            JettyPki.assertRefused(OpenSslClient.connect(node.port(), protocol, null, null,
                    certArgs(pki.stranger)));
        }
    }

    /**
     * A reload to another trust configuration changes the scope: sessions verified under the
     * old anchors get a full handshake, with the certificate verified again.
     */
    @Test
    void reloadToAnotherTrustStoreEndsEarlierSessions() throws Exception {
        try (JettyNode node = single(ssl -> {
            ssl.setNeedClientAuth(true);
            ssl.setTrustStore(JettyPki.trustStoreOf(pki.ca));
        })) {
            Path session = OpenSslClient.sessionFile();
            OpenSslClient.connect(node.port(), "tls1_3", null, session, certArgs(pki.client));
            assertTrue(OpenSslClient.connect(node.port(), "tls1_3", session, null,
                    certArgs(pki.client)).reused(), "resumes before the reload");

            node.sslContextFactory().reload(f -> f.setTrustStore(
                    JettyPki.trustStoreOf(pki.ca, pki.other)));

            OpenSslClient.Result after = OpenSslClient.connect(node.port(), "tls1_3", session,
                    null, certArgs(pki.client));
            assertFalse(after.reused(), after.output());
            assertTrue(after.output().contains(ClientCertEchoHandler.client("CN=client-one")),
                    after.output());
        }
    }

    /** As stock Jetty: with no trust store, the key store's certificates are the anchors. */
    @Test
    void keyStoreIsTheTrustStoreWhenNoneIsSet() throws Exception {
        KeyStore keys = TestPki.load(TestCertificates.get().keyStore());
        keys.setCertificateEntry("client-ca", pki.ca.trustStore().getCertificate(
                pki.ca.trustStore().aliases().nextElement()));
        Path file = Files.createTempFile("tlsresume-jetty-keys-and-ca", ".p12");
        try {
            try (OutputStream out = Files.newOutputStream(file)) {
                keys.store(out, JettyPki.PASSWORD.toCharArray());
            }
            try (JettyNode node = single(ssl -> {
                ssl.setKeyStorePath(file.toString());
                ssl.setNeedClientAuth(true);
            })) {
                OpenSslClient.Result with = OpenSslClient.connect(node.port(), "tls1_3", null,
                        null, certArgs(pki.client));
                assertTrue(with.output().contains(ClientCertEchoHandler.client("CN=client-one")),
                        with.output());
                JettyPki.assertRefused(OpenSslClient.connect(node.port(), "tls1_3", null, null,
                        certArgs(pki.stranger)));
            }
        } finally {
            Files.deleteIfExists(file);
        }
    }

    /**
     * An in-memory key store and no trust store: stock Jetty would verify client certificates
     * against the JDK's public CAs. tlsresume refuses to start, naming the trust store.
     */
    @ParameterizedTest
    @ValueSource(strings = {"needClientAuth", "wantClientAuth"})
    void clientAuthWithoutTrustAnchorsFailsStartNamingTheTrustStore(String mode) {
        ResumingSslContextFactory factory = JettyNode.factory(new TestNodes(1), 0, ssl -> {
            ssl.setSetting("cluster.mode", "none");
            ssl.setKeyStoreResource(null);
            ssl.setKeyStore(TestPki.load(TestCertificates.get().keyStore()));
            if (mode.equals("needClientAuth")) {
                ssl.setNeedClientAuth(true);
            } else {
                ssl.setWantClientAuth(true);
            }
        });
        SettingsException e = assertThrows(SettingsException.class, factory::start);
        assertEquals("trustStorePath", e.settingName(), e.getMessage());
        assertTrue(e.getMessage().contains(mode), e.getMessage());
        assertNull(factory.getNode(), "the node was stopped again");
    }

    private static JettyNode single(Consumer<ResumingSslContextFactory> more) throws Exception {
        return JettyNode.start(new TestNodes(1), 0, ssl -> {
            ssl.setSetting("cluster.mode", "none");
            more.accept(ssl);
        });
    }
}
