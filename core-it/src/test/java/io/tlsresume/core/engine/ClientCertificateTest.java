package io.tlsresume.core.engine;

import static io.tlsresume.core.engine.ContextNodes.peerOf;
import static io.tlsresume.core.engine.ContextNodes.presenting;
import static io.tlsresume.core.engine.ContextNodes.scoped;
import static io.tlsresume.core.engine.ContextNodes.served;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.tlsresume.testkit.NodePair;
import io.tlsresume.testkit.OpenSslClient;
import io.tlsresume.testkit.TestPki;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Client certificates on two nodes of one cluster, with real {@code openssl s_client}
 * handshakes: verified against the configured CA only, and carried by the session so the other
 * node sees the same chain when it resumes.
 */
class ClientCertificateTest {
    private static TestPki pki;
    private static TestPki otherCa;
    private static TestPki.Issued alice;
    private static TestPki.Issued mallory;
    private static NodePair<ContextNodes.Member> nodes;

    @BeforeAll
    static void start() {
        pki = TestPki.create("clientauth");
        otherCa = TestPki.create("elsewhere");
        TestPki.Issued server = pki.server("server", TestPki.KeyAlg.EC, "localhost");
        alice = pki.client("alice", TestPki.KeyAlg.EC, "alice");
        mallory = otherCa.client("mallory", TestPki.KeyAlg.RSA, "mallory");
        var trust = ContextNodes.trusting(pki);
        Map<String, TlsContextOptions> contexts = new LinkedHashMap<>();
        contexts.put("required", scoped("localhost", ClientAuth.required(trust)));
        contexts.put("optional", scoped("localhost", ClientAuth.optional(trust)));
        contexts.put("unverified", scoped("localhost", ClientAuth.optionalUnverified()));
        nodes = ContextNodes.start(ContextNodes.pem(server), contexts);
    }

    @AfterAll
    static void stop() {
        if (nodes != null) {
            nodes.close();
        }
    }

    @ParameterizedTest
    @ValueSource(strings = {"tls1_2", "tls1_3"})
    void requiredCertificateSessionResumesOnOtherNodeWithSameChain(String protocol) {
        long resumedOnB = nodes.b.node().metrics().getResumedHandshakes();
        Path session = OpenSslClient.sessionFile();
        OpenSslClient.Result first = OpenSslClient.connect(nodes.a.port("required"), protocol,
                null, session, presenting(alice, pki));
        assertFalse(first.reused(), first.output());
        assertEquals(nodes.nodeId(0), first.node(), first.output());
        assertTrue(first.output().contains(peerOf(alice)), first.output());

        OpenSslClient.Result second = OpenSslClient.connect(nodes.b.port("required"), protocol,
                session, null, presenting(alice, pki));
        assertTrue(second.reused(), second.output());
        assertEquals(nodes.nodeId(1), second.node(), second.output());
        assertTrue(second.output().contains("resumed=true"), second.output());
        assertTrue(second.output().contains(peerOf(alice)),
                "B's engine must report the chain A verified: " + second.output());
        assertEquals(resumedOnB + 1, nodes.b.node().metrics().getResumedHandshakes());
    }

    @ParameterizedTest
    @ValueSource(strings = {"tls1_2", "tls1_3"})
    void requiredRefusesClientWithoutCertificateOnEveryNode(String protocol) {
        assertRefusedOnEveryNode("required", protocol);
    }

    @ParameterizedTest
    @ValueSource(strings = {"tls1_2", "tls1_3"})
    void requiredRefusesCertificateOfAnotherCaOnEveryNode(String protocol) {
        assertRefusedOnEveryNode("required", protocol, presenting(mallory, otherCa));
    }

    @ParameterizedTest
    @ValueSource(strings = {"tls1_2", "tls1_3"})
    void optionalRefusesCertificateOfAnotherCaOnEveryNode(String protocol) {
        assertRefusedOnEveryNode("optional", protocol, presenting(mallory, otherCa));
    }

    /** The handshake fails with an alert, and the node counts a failed handshake. */
    private static void assertRefusedOnEveryNode(String context, String protocol,
            String... clientArgs) {
        for (ContextNodes.Member node : List.of(nodes.a, nodes.b)) {
            long failed = node.node().metrics().getFailedHandshakes();
            OpenSslClient.Result result = OpenSslClient.connect(node.port(context), protocol,
                    null, null, clientArgs);
            assertFalse(served(result), result.output());
            assertTrue(result.output().contains("alert"), result.output());
            assertEquals(failed + 1, node.node().metrics().getFailedHandshakes());
        }
    }

    @ParameterizedTest
    @ValueSource(strings = {"tls1_2", "tls1_3"})
    void optionalServesClientWithoutCertificateWithNoPeer(String protocol) {
        OpenSslClient.Result result = OpenSslClient.connect(nodes.a.port("optional"), protocol,
                null, null);
        assertTrue(served(result), result.output());
        assertTrue(result.output().contains("peer=none"), result.output());
    }

    @ParameterizedTest
    @ValueSource(strings = {"tls1_2", "tls1_3"})
    void optionalAcceptsCertificateOfTrustedCa(String protocol) {
        OpenSslClient.Result good = OpenSslClient.connect(nodes.a.port("optional"), protocol,
                null, null, presenting(alice, pki));
        assertTrue(good.output().contains(peerOf(alice)), good.output());
    }

    @ParameterizedTest
    @ValueSource(strings = {"tls1_2", "tls1_3"})
    void optionalUnverifiedAcceptsCertificateOfUnknownCaAndResumesWithIt(String protocol) {
        Path session = OpenSslClient.sessionFile();
        OpenSslClient.Result first = OpenSslClient.connect(nodes.a.port("unverified"), protocol,
                null, session, presenting(mallory, otherCa));
        assertTrue(first.output().contains(peerOf(mallory)), first.output());
        OpenSslClient.Result second = OpenSslClient.connect(nodes.b.port("unverified"),
                protocol, session, null);
        assertTrue(second.reused(), second.output());
        assertTrue(second.output().contains(peerOf(mallory)), second.output());

        OpenSslClient.Result none = OpenSslClient.connect(nodes.b.port("unverified"), protocol,
                null, null);
        assertTrue(none.output().contains("peer=none"), none.output());
    }
}
