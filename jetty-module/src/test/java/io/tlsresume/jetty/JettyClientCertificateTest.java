package io.tlsresume.jetty;

import static io.tlsresume.jetty.JettyPki.certArgs;
import static org.junit.jupiter.api.Assertions.assertAll;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.tlsresume.testkit.JdkHttpsClient;
import io.tlsresume.testkit.NodePair;
import io.tlsresume.testkit.OpenSslClient;
import io.tlsresume.testkit.RoundRobinBalancer;
import io.tlsresume.testkit.TestCertificates;
import io.tlsresume.testkit.TestPki;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Two Jetty nodes with {@code needClientAuth}: a session made with a client certificate on one
 * node resumes on the other, and the application there sees the same client certificate. Node A
 * reads its key and trust stores from files (as {@code jetty.sslContext.*} sets them); node B
 * gets the same stores as {@code KeyStore} objects set in code, as Spring Boot's SSL bundles
 * do, with no file: both are one trust domain, so sessions cross between them.
 */
class JettyClientCertificateTest {
    private static final String CLIENT = ClientCertEchoHandler.client("CN=client-one");
    private static NodePair<JettyNode> cluster;
    private static JettyPki pki;

    @BeforeAll
    static void startCluster() {
        pki = JettyPki.get();
        cluster = NodePair.start((nodes, index) -> JettyNode.start(nodes, index, ssl -> {
            ssl.setNeedClientAuth(true);
            if (index == 0) {
                ssl.setTrustStorePath(pki.ca.trustStoreP12().toString());
                ssl.setTrustStorePassword(JettyPki.PASSWORD);
            } else {
                ssl.setKeyStoreResource(null);
                ssl.setKeyStore(TestPki.load(TestCertificates.get().keyStore()));
                ssl.setTrustStore(pki.ca.trustStore());
            }
        }));
    }

    @AfterAll
    static void stopCluster() {
        if (cluster != null) {
            cluster.close();
        }
    }

    @Test
    void fileAndInMemoryStoresGiveTheSameScope() {
        assertEquals(cluster.a.sslContextFactory().getContexts().get(0).scope(),
                cluster.b.sslContextFactory().getContexts().get(0).scope());
    }

    @ParameterizedTest
    @ValueSource(strings = {"tls1_2", "tls1_3"})
    void resumesWithClientCertificateOnOtherNode(String protocol) {
        long resumedBefore = cluster.b.resumedHandshakes();
        Path session = OpenSslClient.sessionFile();

        OpenSslClient.Result first = OpenSslClient.connect(cluster.a.port(), protocol, null,
                session, certArgs(pki.client));
        assertFalse(first.reused(), first.output());
        assertEquals(cluster.a.nodeId(), first.node(), first.output());
        assertTrue(first.output().contains(CLIENT), first.output());

        OpenSslClient.Result second = OpenSslClient.connect(cluster.b.port(), protocol, session,
                null, certArgs(pki.client));
        assertTrue(second.reused(), second.output());
        assertEquals(cluster.b.nodeId(), second.node(), second.output());
        assertTrue(second.output().contains("resumed=true"), second.output());
        // The chain came with the session: B verified nothing, yet the handler sees it.
        assertTrue(second.output().contains(CLIENT), second.output());
        assertEquals(resumedBefore + 1, cluster.b.resumedHandshakes());
    }

    @ParameterizedTest
    @ValueSource(strings = {"TLSv1.2", "TLSv1.3"})
    void javaClientWithKeyManagerResumesThroughBalancer(String protocol) {
        JdkHttpsClient client = new JdkHttpsClient(JettyPki.clientContext(pki.client), protocol);
        long resumedBefore = cluster.b.resumedHandshakes();
        JdkHttpsClient.Exchange onA;
        JdkHttpsClient.Exchange onB;
        try (RoundRobinBalancer balancer = cluster.balancer()) {
            onA = client.get(balancer.port());
            onB = client.get(balancer.port());
        }
        assertAll(
                () -> assertEquals(protocol, onB.protocol()),
                () -> assertTrue(onA.body().startsWith("node=" + cluster.nodeId(0)), onA.body()),
                () -> assertFalse(onA.serverSaysResumed(), onA.body()),
                () -> assertTrue(onA.body().contains(CLIENT), onA.body()),
                () -> assertTrue(onB.body().startsWith("node=" + cluster.nodeId(1)), onB.body()),
                () -> assertTrue(onB.serverSaysResumed(), onB.body()),
                () -> assertTrue(onB.body().contains(CLIENT), onB.body()),
                () -> assertEquals(resumedBefore + 1, cluster.b.resumedHandshakes()));
    }

    @Test
    void certificateFromAnotherCaFailsOnEveryNode() {
        assertRefusedEverywhere(certArgs(pki.stranger));
    }

    @Test
    void noCertificateFailsOnEveryNode() {
        assertRefusedEverywhere();
    }

    private static void assertRefusedEverywhere(String... args) {
        for (JettyNode node : List.of(cluster.a, cluster.b)) {
            for (String protocol : List.of("tls1_2", "tls1_3")) {
                long failedBefore = node.sslContextFactory().getNode().metrics()
                        .getFailedHandshakes();
                JettyPki.assertRefused(OpenSslClient.connect(node.port(), protocol, null, null,
                        args));
                assertTrue(node.sslContextFactory().getNode().metrics().getFailedHandshakes()
                        > failedBefore, "the node counted the refused handshake");
            }
        }
    }
}
