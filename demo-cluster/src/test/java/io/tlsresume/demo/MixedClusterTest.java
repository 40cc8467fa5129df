package io.tlsresume.demo;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.tlsresume.testkit.OpenSslClient;
import io.tlsresume.testkit.TestCertificates;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** A Jetty node and a Tomcat node of one cluster resume each other's sessions. */
class MixedClusterTest {
    private static DemoCluster cluster;
    private static DemoNode jetty;
    private static DemoNode tomcat;

    @BeforeAll
    static void start() throws Exception {
        cluster = DemoCluster.start(TestCertificates.get().keyStore(), TestCertificates.PASSWORD,
                1, 1, true, DemoCluster.BalancerKind.INTERNAL, Map.of());
        jetty = cluster.nodes().get(0);
        tomcat = cluster.nodes().get(1);
    }

    @AfterAll
    static void stop() throws Exception {
        cluster.close();
    }

    @ParameterizedTest(name = "{0} from {1} to {2}")
    @CsvSource({"tls1_2, jetty, tomcat", "tls1_3, jetty, tomcat",
        "tls1_2, tomcat, jetty", "tls1_3, tomcat, jetty"})
    void resumesAcrossServerKinds(String protocol, String from, String to) {
        DemoNode first = from.equals("jetty") ? jetty : tomcat;
        DemoNode second = to.equals("jetty") ? jetty : tomcat;
        long resumedBefore = second.handshakes()[1];

        Path session = OpenSslClient.sessionFile();
        OpenSslClient.Result full = OpenSslClient.connect(first.port(), protocol, null, session);
        assertFalse(full.reused(), full.output());
        assertTrue(full.output().contains("node=" + first.name()), full.output());

        OpenSslClient.Result resumed = OpenSslClient.connect(second.port(), protocol, session,
                null);
        assertTrue(resumed.reused(), resumed.output());
        assertTrue(resumed.output().contains("node=" + second.name() + " resumed=true"),
                resumed.output());
        assertEquals(resumedBefore + 1, second.handshakes()[1]);
    }
}
