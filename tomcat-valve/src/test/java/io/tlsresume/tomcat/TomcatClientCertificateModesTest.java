package io.tlsresume.tomcat;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.tlsresume.testkit.OpenSslClient;
import io.tlsresume.testkit.TestNodes;
import java.util.List;
import java.util.function.IntConsumer;
import org.apache.tomcat.util.net.SSLHostConfig;
import org.junit.jupiter.api.Test;

/** {@code certificateVerification="optional"} and {@code "optionalNoCA"} keep Tomcat's meaning. */
class TomcatClientCertificateModesTest {

    @Test
    void optionalServesClientWithoutCertificateWithNoPrincipal() {
        withTomcat(TestHosts.requiring("optional"), port -> {
            OpenSslClient.Result r = OpenSslClient.connect(port, "tls1_3", null, null);
            assertTrue(r.output().contains("client=none"), r.output());
            OpenSslClient.Result alice = OpenSslClient.connect(port, "tls1_3", null, null,
                    TestHosts.clientCertificateArgs(TestHosts.ALICE).toArray(String[]::new));
            assertTrue(alice.output().contains("client=CN=alice"), alice.output());
        });
    }

    @Test
    void optionalRefusesCertificateOfAnotherCa() {
        withTomcat(TestHosts.requiring("optional"), port -> {
            String out = TomcatClientCertificateTest.connectRefused(port, "tls1_3",
                    TestHosts.clientCertificateArgs(TestHosts.MALLORY));
            assertFalse(out.contains("node="), out);
        });
    }

    @Test
    void optionalNoCaAcceptsCertificateOfUnknownCa() {
        withTomcat(TestHosts.requiring("optionalNoCA"), port -> {
            OpenSslClient.Result mallory = OpenSslClient.connect(port, "tls1_2", null, null,
                    TestHosts.clientCertificateArgs(TestHosts.MALLORY).toArray(String[]::new));
            assertTrue(mallory.output().contains("client=CN=mallory"), mallory.output());
            OpenSslClient.Result none = OpenSslClient.connect(port, "tls1_3", null, null);
            assertTrue(none.output().contains("client=none"), none.output());
        });
    }

    private static void withTomcat(SSLHostConfig host, IntConsumer check) {
        try (EmbeddedTomcat tomcat = new EmbeddedTomcat(new TestNodes(1).properties(0),
                List.of(host))) {
            tomcat.start();
            check.accept(tomcat.port());
        }
    }
}
