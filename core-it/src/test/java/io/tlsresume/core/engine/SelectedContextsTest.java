package io.tlsresume.core.engine;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.tlsresume.core.KeySource;
import io.tlsresume.core.ResumptionNode;
import io.tlsresume.core.Settings;
import io.tlsresume.testkit.NettyTestServer;
import io.tlsresume.testkit.NodePair;
import io.tlsresume.testkit.OpenSslClient;
import io.tlsresume.testkit.TestPki;
import io.tlsresume.testkit.TestPki.Issued;
import io.tlsresume.testkit.TestPki.KeyAlg;
import io.tlsresume.testkit.TestPki.KeyForm;
import io.tlsresume.testkit.TwoNodeCluster.Member;
import java.io.ByteArrayOutputStream;
import java.io.InputStream;
import java.net.InetAddress;
import java.net.Socket;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import javax.net.ssl.SNIHostName;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLEngine;
import javax.net.ssl.SSLHandshakeException;
import javax.net.ssl.SSLParameters;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Several contexts behind one listening socket per node, chosen per connection from the
 * ClientHello, on a real two-node cluster with {@code openssl s_client}: {@code a.test} and
 * {@code b.test} by SNI (different certificates), {@code both.test} with an RSA and an EC
 * certificate chosen by {@link ContextSelector#byKeyType}, any other name refused.
 */
class SelectedContextsTest {
    private static TestPki pki;
    private static NodePair<Member> nodes;

    @BeforeAll
    static void start() {
        pki = TestPki.create("selected");
        Issued a = pki.server("a", KeyAlg.RSA, "a.test");
        Issued b = pki.server("b", KeyAlg.EC, "b.test");
        Issued rsa = pki.server("both-rsa", KeyAlg.RSA, "both.test");
        Issued ec = pki.server("both-ec", KeyAlg.EC, "both.test");
        nodes = NodePair.start((cluster, index) -> startNode(
                cluster.settings(index, s -> { }), a, b, rsa, ec));
    }

    @AfterAll
    static void stop() {
        if (nodes != null) {
            nodes.close();
        }
    }

    /** One node: a ResumptionNode and one TLS port whose engines choose among four contexts. */
    private static Member startNode(Settings settings, Issued a, Issued b, Issued rsa,
            Issued ec) throws InterruptedException {
        ResumptionNode node = ResumptionNode.start(settings);
        try {
            ServerTlsContext contextA = context(node, a, "a.test");
            ServerTlsContext contextB = context(node, b, "b.test");
            // RSA listed first: byKeyType prefers EC by the client's word, not list order.
            ContextSelector keyTypes = ContextSelector.byKeyType(List.of(
                    context(node, rsa, "both.test"), context(node, ec, "both.test")));
            ContextSelector selector = hello -> {
                String name = hello.serverName();
                if (name == null || name.equals("a.test")) {
                    return contextA;
                }
                if (name.equals("b.test")) {
                    return contextB;
                }
                if (name.equals("both.test")) {
                    return keyTypes.select(hello);
                }
                throw new SSLHandshakeException("no virtual host " + name);
            };
            String id = settings.nodeId();
            return new Member(id, node, new NettyTestServer(id,
                    (host, port) -> contextA.newEngine(host, port, selector)));
        } catch (InterruptedException | RuntimeException | Error e) {
            node.close();
            throw e;
        }
    }

    private static ServerTlsContext context(ResumptionNode node, Issued issued, String host) {
        return node.newServerContext(KeySource.pem(issued.chainPem(),
                issued.keyPem(KeyForm.PKCS8), null), TlsContextOptions.defaults()
                .withScope(SessionScope.of(host, ClientAuth.none(), List.of())));
    }

    private static OpenSslClient.Result connect(int node, String protocol, String serverName,
            Path sessIn, Path sessOut, String... more) {
        List<String> args = new ArrayList<>(List.of("-servername", serverName));
        args.addAll(List.of(more));
        OpenSslClient.Result result = OpenSslClient.connect(nodes.node(node).port(), protocol,
                sessIn, sessOut, args.toArray(String[]::new));
        assertEquals(nodes.nodeId(node), result.node(), result.output());
        return result;
    }

    private static void assertServed(String subject, OpenSslClient.Result result) {
        assertTrue(result.output().contains("subject=CN = " + subject), result.output());
    }

    private static void assertKey(String signatureType, int bits, OpenSslClient.Result result) {
        assertTrue(result.output().contains("Peer signature type: " + signatureType + "\n"),
                result.output());
        assertTrue(result.output().contains("Server public key is " + bits + " bit"),
                result.output());
    }

    @ParameterizedTest
    @ValueSource(strings = {"tls1_2", "tls1_3"})
    void serverNameChoosesEachHostsCertificateOnBothNodes(String protocol) {
        for (int node = 0; node < 2; node++) {
            assertServed("a.test", connect(node, protocol, "a.test", null, null));
            assertServed("b.test", connect(node, protocol, "b.test", null, null));
        }
    }

    @ParameterizedTest
    @ValueSource(strings = {"tls1_2", "tls1_3"})
    void aHostsSessionResumesOnTheOtherNode(String protocol) {
        for (String host : List.of("a.test", "b.test")) {
            long resumedOnB = nodes.b.node().metrics().getResumedHandshakes();
            Path session = OpenSslClient.sessionFile();
            OpenSslClient.Result first = connect(0, protocol, host, null, session);
            assertFalse(first.reused(), first.output());
            assertServed(host, first);
            OpenSslClient.Result second = connect(1, protocol, host, session, null);
            assertTrue(second.reused(), second.output());
            assertTrue(second.output().contains("resumed=true"), second.output());
            assertEquals(resumedOnB + 1, nodes.b.node().metrics().getResumedHandshakes());
        }
    }

    @ParameterizedTest
    @CsvSource({"tls1_2, ECDSA+SHA256, ECDSA, 256", "tls1_3, ECDSA+SHA256, ECDSA, 256",
            "tls1_2, RSA-PSS+SHA256, RSA-PSS, 2048", "tls1_3, RSA-PSS+SHA256, RSA-PSS, 2048"})
    void signatureAlgorithmsChooseTheKeyTypeAndBothResumeAcrossNodes(String protocol,
            String sigalgs, String signatureType, int bits) {
        long resumedOnB = nodes.b.node().metrics().getResumedHandshakes();
        Path session = OpenSslClient.sessionFile();
        OpenSslClient.Result first = connect(0, protocol, "both.test", null, session,
                "-sigalgs", sigalgs);
        assertFalse(first.reused(), first.output());
        assertServed("both.test", first);
        assertKey(signatureType, bits, first);
        OpenSslClient.Result second = connect(1, protocol, "both.test", session, null,
                "-sigalgs", sigalgs);
        assertTrue(second.reused(), second.output());
        assertTrue(second.output().contains("Server public key is " + bits + " bit"),
                second.output());
        assertEquals(resumedOnB + 1, nodes.b.node().metrics().getResumedHandshakes());
    }

    @ParameterizedTest
    @CsvSource({"ECDHE-RSA-AES128-GCM-SHA256, RSA-PSS, 2048",
            "ECDHE-ECDSA-AES128-GCM-SHA256, ECDSA, 256"})
    void aTls12CipherSuiteChoosesTheKeyType(String cipher, String signatureType, int bits) {
        OpenSslClient.Result result = connect(1, "tls1_2", "both.test", null, null,
                "-cipher", cipher);
        assertKey(signatureType, bits, result);
        assertTrue(result.output().contains("Cipher is " + cipher), result.output());
    }

    @ParameterizedTest
    @ValueSource(strings = {"tls1_2", "tls1_3"})
    void aClientHelloInManySmallRecordsIsReadWholeAndResumes(String protocol) throws Exception {
        long resumedOnB = nodes.b.node().metrics().getResumedHandshakes();
        try (RecuttingProxy toA = new RecuttingProxy(nodes.a.port(), 64);
                RecuttingProxy toB = new RecuttingProxy(nodes.b.port(), 64)) {
            Path session = OpenSslClient.sessionFile();
            OpenSslClient.Result first = OpenSslClient.connect(toA.port(), protocol, null,
                    session, "-servername", "b.test");
            assertServed("b.test", first);
            assertEquals(nodes.nodeId(0), first.node(), first.output());
            OpenSslClient.Result second = OpenSslClient.connect(toB.port(), protocol, session,
                    null, "-servername", "b.test");
            assertTrue(second.reused(), second.output());
            assertEquals(nodes.nodeId(1), second.node(), second.output());
        }
        assertEquals(resumedOnB + 1, nodes.b.node().metrics().getResumedHandshakes());
    }

    @Test
    void withoutAPreferenceEcIsServed() {
        assertKey("ECDSA", 256, connect(0, "tls1_3", "both.test", null, null));
    }

    @Test
    void aRefusedNameGetsUnrecognizedNameAndTheServerHangsUp() throws Exception {
        long failedOnA = nodes.a.node().metrics().getFailedHandshakes();
        Process p = new ProcessBuilder("openssl", "s_client", "-connect",
                "127.0.0.1:" + nodes.a.port(), "-servername", "nobody.test")
                .redirectErrorStream(true).start();
        p.getOutputStream().close();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertTrue(p.waitFor(30, TimeUnit.SECONDS), out);
        assertTrue(out.contains("unrecognized name") && out.contains("alert number 112"), out);

        // A raw client that stays connected: the server sends the alert, then closes.
        try (Socket socket = new Socket(InetAddress.getLoopbackAddress(), nodes.a.port())) {
            socket.setSoTimeout(10_000);
            socket.getOutputStream().write(jdkClientHello("nobody.test"));
            byte[] answer = readToEnd(socket.getInputStream());
            assertArrayEquals(new byte[] {21, 3, 3, 0, 2, 2, 112}, answer);
        }
        assertEquals(failedOnA + 2, nodes.a.node().metrics().getFailedHandshakes());
        // The node still serves.
        assertServed("a.test", connect(0, "tls1_3", "a.test", null, null));
    }

    private static byte[] jdkClientHello(String serverName) throws Exception {
        SSLEngine client = SSLContext.getDefault().createSSLEngine(serverName, 443);
        client.setUseClientMode(true);
        SSLParameters params = client.getSSLParameters();
        params.setServerNames(List.of(new SNIHostName(serverName)));
        client.setSSLParameters(params);
        ByteBuffer out = ByteBuffer.allocate(1 << 16);
        client.wrap(ByteBuffer.allocate(0), out);
        byte[] hello = new byte[out.flip().remaining()];
        out.get(hello);
        return hello;
    }

    /** Reads until the server closes; a read timeout (the server kept it open) fails. */
    private static byte[] readToEnd(InputStream in) throws Exception {
        ByteArrayOutputStream all = new ByteArrayOutputStream();
        byte[] buffer = new byte[1024];
        int n;
        while ((n = in.read(buffer)) >= 0) {
            all.write(buffer, 0, n);
        }
        return all.toByteArray();
    }
}
