package io.tlsresume.tomcat;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.tlsresume.testkit.OpenSslClient;
import io.tlsresume.testkit.TestPki;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Two {@code <SSLHostConfig hostName=...>} on one connector, a.test and b.test with different
 * certificates, on two nodes: Tomcat picks the host config by SNI, and each host is its own
 * resumption scope, so a session of a.test never resumes under b.test (a full handshake, no
 * error) but resumes under a.test on the other node.
 */
class TomcatVirtualHostTest {
    private static final TestPki.Issued A_TEST = TestHosts.CA.server("a-test", TestPki.KeyAlg.EC,
            "a.test");
    private static final TestPki.Issued B_TEST = TestHosts.CA.server("b-test", TestPki.KeyAlg.EC,
            "b.test");
    private static TomcatPair pair;

    @BeforeAll
    static void start() {
        pair = new TomcatPair(Map.of(), index -> List.of(TestHosts.host("a.test", A_TEST),
                TestHosts.host("b.test", B_TEST)));
    }

    @AfterAll
    static void stop() {
        pair.close();
    }

    @Test
    void eachServerNameGetsItsCertificateOnBothNodes() {
        for (EmbeddedTomcat node : List.of(pair.a, pair.b)) {
            for (String host : List.of("a.test", "b.test")) {
                OpenSslClient.Result r = OpenSslClient.connect(node.port(), "tls1_3", null, null,
                        "-servername", host);
                assertTrue(servedSubject(r).equals("CN=" + host), host + ":\n" + r.output());
                // Headers, not the body: s_client's request says Host: localhost, which Tomcat
                // answers 400 under SNI b.test (Host and SNI name different host configs).
                assertTrue(r.output().contains("X-TLS-Node: " + node.nodeId()), r.output());
            }
        }
    }

    @ParameterizedTest
    @ValueSource(strings = {"tls1_2", "tls1_3"})
    void sessionOfOneHostIsNewUnderTheOtherAndReusedUnderItsOwnOnTheOtherNode(String protocol) {
        Path session = OpenSslClient.sessionFile();
        OpenSslClient.Result first = OpenSslClient.connect(pair.a.port(), protocol, null,
                session, "-servername", "a.test");
        assertFalse(first.reused(), first.output());

        for (EmbeddedTomcat node : List.of(pair.a, pair.b)) {
            OpenSslClient.Result crossHost = OpenSslClient.connect(node.port(), protocol,
                    session, null, "-servername", "b.test");
            assertFalse(crossHost.reused(), crossHost.output());
            assertTrue(crossHost.output().contains("X-TLS-Node: " + node.nodeId()
                    + "\r\nX-TLS-Resumed: false"), "a full handshake, and the request answered:\n"
                    + crossHost.output());
            assertTrue(servedSubject(crossHost).equals("CN=b.test"), crossHost.output());
        }

        OpenSslClient.Result sameHost = OpenSslClient.connect(pair.b.port(), protocol, session,
                null, "-servername", "a.test");
        assertTrue(sameHost.reused(), sameHost.output());
        assertTrue(sameHost.output().contains("node=" + pair.nodeId(1) + " resumed=true"),
                sameHost.output());
    }

    /** The subject of the server certificate s_client printed, without spaces. */
    static String servedSubject(OpenSslClient.Result result) {
        String out = result.output();
        int at = out.indexOf("\nsubject=");
        if (at < 0) {
            return "(no server certificate in the output)";
        }
        return out.substring(at + "\nsubject=".length(), out.indexOf('\n', at + 1))
                .replace(" ", "");
    }
}
