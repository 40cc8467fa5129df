package io.tlsresume.core;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.tlsresume.testkit.NettyTestServer;
import io.tlsresume.testkit.OpenSslClient;
import io.tlsresume.testkit.TestCertificates;
import io.tlsresume.testkit.TestNodes;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * Issue 8, must-show 4: {@code sealing.trust=ca}. Nodes A and B serve different leaf certificates
 * (different keys) issued by one test CA and share the ring: B joined after A made its keys, so A
 * re-sealed them to B's card, and a session from A resumes on B. Node C serves a certificate from
 * another CA: A and B refuse its card, so C never gets their keys and its sessions do not resume
 * there.
 */
class SealingCaTrustTest {

    @Test
    void nodesWithCertificatesFromTheTrustedCaShareKeysAndAnotherCaIsRefused() throws Exception {
        TestCertificates certs = TestCertificates.get();
        Path trustedCa = certs.generateCa("fleet-ca");
        certs.generateCa("other-ca");
        KeySource leafA = TestCertificates.keySourceOf(certs.generateIssued("leaf-a", "fleet-ca"));
        KeySource leafB = TestCertificates.keySourceOf(certs.generateIssued("leaf-b", "fleet-ca"));
        KeySource leafC = TestCertificates.keySourceOf(certs.generateIssued("leaf-c", "other-ca"));
        assertNotEquals(leafA.certificateChain().get(0).getPublicKey(),
                leafB.certificateChain().get(0).getPublicKey(), "A and B have different keys");

        TestNodes nodes = new TestNodes(3);
        try (ResumptionNode a = start(nodes, 0, leafA, trustedCa);
                ResumptionNode b = start(nodes, 1, leafB, trustedCa);
                ResumptionNode c = start(nodes, 2, leafC, trustedCa);
                NettyTestServer serverA = new NettyTestServer("A",
                        a.newServerContext(leafA, List.of()));
                NettyTestServer serverB = new NettyTestServer("B",
                        b.newServerContext(leafB, List.of()));
                NettyTestServer serverC = new NettyTestServer("C",
                        c.newServerContext(leafC, List.of()))) {
            System.out.printf("ca trust:%n  %s%n  %s%n  %s%n", a.metrics(), b.metrics(),
                    c.metrics());
            assertEquals(a.metrics().getCurrentKeyFingerprint(),
                    b.metrics().getCurrentKeyFingerprint(), "A and B share the current key");
            assertTrue(a.metrics().getResealedKeys() + b.metrics().getResealedKeys() >= 1,
                    "the later node got the live keys re-sealed to its card");
            assertNotEquals(a.metrics().getCurrentKeyFingerprint(),
                    c.metrics().getCurrentKeyFingerprint(), "C does not have the ring's key");
            for (ResumptionNode trusted : List.of(a, b)) {
                assertEquals(3, trusted.metrics().getClusterMembers());
                assertEquals(2, trusted.metrics().getTrustedCards(), trusted.metrics().toString());
                assertTrue(trusted.metrics().getRejectedCards() >= 1, "C's card was refused");
            }

            for (String protocol : List.of("tls1_2", "tls1_3")) {
                Path session = OpenSslClient.sessionFile();
                assertFalse(OpenSslClient.connect(serverA.port(), protocol, null, session)
                        .reused());
                OpenSslClient.Result onB = OpenSslClient.connect(serverB.port(), protocol,
                        session, null);
                assertTrue(onB.reused(), protocol + " from A resumes on B:\n" + onB.output());
                OpenSslClient.Result onC = OpenSslClient.connect(serverC.port(), protocol,
                        session, null);
                assertFalse(onC.reused(), protocol + " from A does not resume on C");
                assertEquals("C", onC.node(), "C still serves, with a full handshake");
            }
        }
    }

    private static ResumptionNode start(TestNodes nodes, int index, KeySource keys, Path ca) {
        return ResumptionNode.start(nodes.settings(index, b -> b.keySource(keys)
                .set("sealing.trust", "ca").set("sealing.trustCa", ca.toString())));
    }
}
