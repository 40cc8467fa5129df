package io.tlsresume.jetty;

import static io.tlsresume.jetty.JettyPki.certArgs;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.tlsresume.testkit.NodePair;
import io.tlsresume.testkit.OpenSslClient;
import java.nio.file.Path;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Two client-certificate trust configurations for one host on one ring: A trusts one CA, B
 * trusts that CA and another. Both require client certificates and share the ring's keys, yet a
 * session verified under one trust configuration gets a full handshake (and a fresh
 * verification) under the other, never an error and never a resumption.
 */
class JettyTrustScopeTest {
    private static final String CLIENT = ClientCertEchoHandler.client("CN=client-one");
    private static NodePair<JettyNode> cluster;
    private static JettyPki pki;

    @BeforeAll
    static void startCluster() {
        pki = JettyPki.get();
        cluster = NodePair.start((nodes, index) -> JettyNode.start(nodes, index, ssl -> {
            ssl.setNeedClientAuth(true);
            ssl.setTrustStore(index == 0 ? JettyPki.trustStoreOf(pki.ca)
                    : JettyPki.trustStoreOf(pki.ca, pki.other));
        }));
    }

    @AfterAll
    static void stopCluster() {
        if (cluster != null) {
            cluster.close();
        }
    }

    @Test
    void sameRingDifferentScopes() {
        assertEquals(cluster.a.sslContextFactory().getNode().metrics().getCurrentKeyFingerprint(),
                cluster.b.sslContextFactory().getNode().metrics().getCurrentKeyFingerprint());
        assertNotEquals(cluster.a.sslContextFactory().getContexts().get(0).scope(),
                cluster.b.sslContextFactory().getContexts().get(0).scope());
    }

    @ParameterizedTest
    @ValueSource(strings = {"tls1_2", "tls1_3"})
    void sessionIsNewUnderTheOtherTrustConfiguration(String protocol) {
        Path session = OpenSslClient.sessionFile();
        OpenSslClient.Result onA = OpenSslClient.connect(cluster.a.port(), protocol, null,
                session, certArgs(pki.client));
        assertTrue(onA.output().contains(CLIENT), onA.output());

        OpenSslClient.Result onB = OpenSslClient.connect(cluster.b.port(), protocol, session,
                null, certArgs(pki.client));
        assertFalse(onB.reused(), "resumed across trust configurations:\n" + onB.output());
        assertTrue(onB.output().contains(CLIENT), "B verified the certificate again and served:\n"
                + onB.output());

        OpenSslClient.Result backOnA = OpenSslClient.connect(cluster.a.port(), protocol,
                session, null, certArgs(pki.client));
        assertTrue(backOnA.reused(), backOnA.output());
    }

    @ParameterizedTest
    @ValueSource(strings = {"tls1_2", "tls1_3"})
    void eachNodeAcceptsOnlyItsOwnAnchors(String protocol) {
        OpenSslClient.Result onB = OpenSslClient.connect(cluster.b.port(), protocol, null, null,
                certArgs(pki.stranger));
        assertTrue(onB.output().contains(ClientCertEchoHandler.client("CN=stranger")),
                onB.output());
        JettyPki.assertRefused(OpenSslClient.connect(cluster.a.port(), protocol, null, null,
                certArgs(pki.stranger)));
    }
}
