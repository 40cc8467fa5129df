package io.tlsresume.tomcat;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.tlsresume.testkit.OpenSslClient;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.apache.tomcat.util.net.SSLHostConfig;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Two client-certificate trust configurations for one host name on one cluster: A trusts the
 * test CA, B the test CA and another one. A session verified on A is not resumed on B (B would
 * accept certificates A refuses: another trust domain) but gets a full handshake there, with its
 * own verification, and is served.
 */
class TomcatTrustScopeTest {

    @ParameterizedTest
    @ValueSource(strings = {"tls1_2", "tls1_3"})
    void sessionOfOneTrustConfigurationIsNewUnderAnother(String protocol) {
        try (TomcatPair pair = new TomcatPair(Map.of(), index -> {
            SSLHostConfig host = TestHosts.host("_default_", TestHosts.SERVER_EC);
            host.setCertificateVerification("required");
            host.setTrustStore(index == 0 ? TestHosts.trustStore(TestHosts.CA)
                    : TestHosts.trustStore(TestHosts.CA, TestHosts.OTHER_CA));
            return List.of(host);
        })) {
            String[] alice = TestHosts.clientCertificateArgs(TestHosts.ALICE)
                    .toArray(String[]::new);
            Path session = OpenSslClient.sessionFile();
            OpenSslClient.Result first = OpenSslClient.connect(pair.a.port(), protocol, null,
                    session, alice);
            assertTrue(first.output().contains("client=CN=alice"), first.output());

            OpenSslClient.Result onB = OpenSslClient.connect(pair.b.port(), protocol, session,
                    null, alice);
            assertFalse(onB.reused(), onB.output());
            assertTrue(onB.output().contains("node=" + pair.nodeId(1) + " resumed=false"),
                    onB.output());
            assertTrue(onB.output().contains("client=CN=alice"), onB.output());

            // The same session still resumes where its trust configuration is served.
            OpenSslClient.Result onA = OpenSslClient.connect(pair.a.port(), protocol, session,
                    null, alice);
            assertTrue(onA.reused(), onA.output());
        }
    }
}
