package io.tlsresume.jetty;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import io.tlsresume.testkit.Curl;
import io.tlsresume.testkit.NodePair;
import io.tlsresume.testkit.OpenSslClient;
import io.tlsresume.testkit.Ports;
import io.tlsresume.testkit.TestCertificates;
import io.tlsresume.testkit.TestPki;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * The {@code tlsresume} module in the real Jetty distribution: two nodes, each its own
 * {@code $JETTY_BASE} and process, set up only by the documented steps (one from a Maven
 * repository, one from the build's jetty-base archive with no repository), resume each other's
 * sessions. They require client certificates ({@code jetty.sslContext.needClientAuth} with a
 * trust store), configured with the stock properties only.
 */
class JettyDistributionIT {
    private static final String TRUST_STORE = "etc/client-ca.p12";
    private static NodePair<JettyDistribution.Node> pair;

    @BeforeAll
    static void startTwoNodes() {
        // Failsafe passes the unpacked distribution; a surefire run matching *IT has none.
        assumeTrue(System.getProperty("it.jettyHome") != null, "needs mvn verify (failsafe)");
        JettyDistribution jetty = new JettyDistribution();
        pair = NodePair.start((nodes, index) -> {
            int port = Ports.free();
            // Node a fetches its jars from a Maven repository, node b from the archive.
            List<String> lines = properties(port, nodes.properties(index));
            Path base = index == 0 ? jetty.newBase("a", lines)
                    : jetty.newBaseFromArchive("b", lines);
            Files.copy(JettyPki.get().ca.trustStoreP12(), base.resolve(TRUST_STORE));
            return jetty.start(base, port, nodes.properties(index).get("nodeId"));
        });
    }

    /** The user's start.d lines for a node with these cluster settings. */
    private static List<String> properties(int sslPort, Map<String, String> cluster) {
        List<String> lines = new ArrayList<>(List.of(
                "jetty.ssl.host=127.0.0.1",
                "jetty.ssl.port=" + sslPort,
                "jetty.sslContext.keyStorePassword=" + TestCertificates.PASSWORD,
                "jetty.sslContext.needClientAuth=true",
                "jetty.sslContext.trustStorePath=" + TRUST_STORE,
                "jetty.sslContext.trustStorePassword=" + JettyPki.PASSWORD,
                "tlsresume.jetty.diagnosticHeaders=true"));
        cluster.forEach((name, value) -> lines.add("tlsresume." + name + "=" + value));
        return lines;
    }

    @AfterAll
    static void stopNodes() {
        if (pair != null) {
            pair.close();
            System.out.println(logs());
        }
    }

    @ParameterizedTest
    @ValueSource(strings = {"tls1_2", "tls1_3"})
    void distributionNodesResumeEachOthersSessions(String protocol) {
        Path session = OpenSslClient.sessionFile();
        OpenSslClient.Result first = OpenSslClient.connect(pair.a.port(), protocol, null,
                session, JettyPki.certArgs(JettyPki.get().client));
        assertFalse(first.reused(), first.output());

        OpenSslClient.Result second = OpenSslClient.connect(pair.b.port(), protocol, session,
                null, JettyPki.certArgs(JettyPki.get().client));
        assertTrue(second.reused(), second.output() + logs());
        assertTrue(second.output().contains("X-TLS-Node: " + pair.nodeId(1)), second.output());
        assertTrue(second.output().contains("X-TLS-Resumed: true"), second.output());
    }

    @ParameterizedTest
    @ValueSource(strings = {"tls1_2", "tls1_3"})
    void distributionNodesRefuseClientsWithoutTrustedCertificate(String protocol) {
        for (JettyDistribution.Node node : List.of(pair.a, pair.b)) {
            JettyPki.assertRefused(OpenSslClient.connect(node.port(), protocol, null, null));
            JettyPki.assertRefused(OpenSslClient.connect(node.port(), protocol, null, null,
                    JettyPki.certArgs(JettyPki.get().stranger)));
        }
    }

    /** A balancer's TCP check must not pass before the node joined and installed the ring. */
    @Test
    void portAcceptsOnlyAfterNodeStarted() {
        for (JettyDistribution.Node node : List.of(pair.a, pair.b)) {
            String logged = node.logAtFirstAccept()[0];
            assertTrue(logged.contains("tlsresume node " + node.nodeId() + " started"),
                    "port accepted before the node started; log then:\n" + logged);
        }
    }

    @Test
    void distributionNodeServesHttp2() throws Exception {
        int portB = pair.b.port();
        TestPki.Issued client = JettyPki.get().client;
        Curl run = Curl.run(List.of("--http2", "-o", "/dev/null", "-w", "%{http_version}",
                "--cert", client.certPem().toString(),
                "--key", client.keyPem(TestPki.KeyForm.PKCS8).toString(),
                "https://localhost:" + portB + "/"), portB);
        assertEquals("2", run.stdout(), run.output());
    }

    /**
     * The module's context XML passes every property of the distribution's own
     * {@code etc/jetty-ssl-context.xml}, each to the same setter in the same way: a user's
     * {@code jetty.sslContext.*} lines mean the same with tlsresume.
     */
    @Test
    void moduleXmlSetsEveryStockSslContextProperty() throws Exception {
        String stock = Files.readString(Path.of(System.getProperty("it.jettyHome"),
                "etc/jetty-ssl-context.xml"));
        String ours = Files.readString(Path.of(System.getProperty("it.moduleConfig"),
                "modules/tlsresume/tlsresume-ssl-context.xml"));
        String setters = stock.substring(stock.indexOf("<Set "), stock.indexOf("</New>"));
        assertTrue(setters.contains("jetty.sslContext.keyStorePath"), setters);
        assertTrue(ours.contains(setters.strip()), "stock setters not passed as they are:\n"
                + setters);
    }

    private static String logs() {
        StringBuilder all = new StringBuilder();
        for (JettyDistribution.Node node : List.of(pair.a, pair.b)) {
            all.append("\n---- ").append(node.logFile()).append('\n').append(node.log());
        }
        return all.toString();
    }
}
