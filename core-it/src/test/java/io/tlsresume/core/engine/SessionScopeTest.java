package io.tlsresume.core.engine;

import static io.tlsresume.core.engine.ContextNodes.presenting;
import static io.tlsresume.core.engine.ContextNodes.scoped;
import static io.tlsresume.core.engine.ContextNodes.served;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.tlsresume.testkit.NodePair;
import io.tlsresume.testkit.OpenSslClient;
import io.tlsresume.testkit.TestPki;
import java.nio.file.Path;
import java.security.cert.X509Certificate;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import javax.net.ssl.X509TrustManager;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * The resumption scope on two nodes of one ring: a session resumes only in a context of the same
 * scope, on any node; offered to another scope it gets a full handshake, never an error; a new
 * server certificate under the same scope keeps sessions resuming.
 */
class SessionScopeTest {
    private static TestPki pki;
    private static TestPki otherCa;
    private static TestPki.Issued alice;
    private static X509TrustManager trust;
    private static NodePair<ContextNodes.Member> nodes;

    @BeforeAll
    static void start() {
        pki = TestPki.create("scope");
        otherCa = TestPki.create("scope-other");
        TestPki.Issued server = pki.server("server", TestPki.KeyAlg.EC, "a.test", "b.test");
        alice = pki.client("alice", TestPki.KeyAlg.EC, "alice");
        trust = ContextNodes.trusting(pki);
        Map<String, TlsContextOptions> contexts = new LinkedHashMap<>();
        contexts.put("a.test", scoped("a.test", ClientAuth.none()));
        contexts.put("b.test", scoped("b.test", ClientAuth.none()));
        contexts.put("default", TlsContextOptions.defaults());
        contexts.put("required", scoped("a.test", ClientAuth.required(trust)));
        contexts.put("required-depth1", scoped("a.test", ClientAuth.required(trust), "depth=1"));
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
    void sessionOfOneVirtualHostGetsFullHandshakeForAnotherOnEitherNode(String protocol) {
        Path session = OpenSslClient.sessionFile();
        OpenSslClient.connect(nodes.a.port("a.test"), protocol, null, session);
        for (ContextNodes.Member node : List.of(nodes.a, nodes.b)) {
            long full = node.node().metrics().getFullHandshakes();
            long resumed = node.node().metrics().getResumedHandshakes();
            for (String other : List.of("b.test", "default")) {
                OpenSslClient.Result result = OpenSslClient.connect(node.port(other), protocol,
                        session, null);
                assertFalse(result.reused(), other + " on " + node.nodeId() + ": "
                        + result.output());
                assertTrue(served(result), "a full handshake, not an error: " + result.output());
            }
            assertEquals(full + 2, node.node().metrics().getFullHandshakes());
            assertEquals(resumed, node.node().metrics().getResumedHandshakes());
        }
        // the same session still resumes where its scope is served, on the other node too
        OpenSslClient.Result same = OpenSslClient.connect(nodes.b.port("a.test"), protocol,
                session, null);
        assertTrue(same.reused(), same.output());
    }

    @ParameterizedTest
    @ValueSource(strings = {"tls1_2", "tls1_3"})
    void sessionOfOneClientCertificateTrustGetsFullHandshakeUnderAnother(String protocol) {
        Path session = OpenSslClient.sessionFile();
        OpenSslClient.connect(nodes.a.port("required"), protocol, null, session,
                presenting(alice, pki));
        for (String other : List.of("required-depth1", "a.test")) {
            OpenSslClient.Result result = OpenSslClient.connect(nodes.b.port(other), protocol,
                    session, null, presenting(alice, pki));
            assertFalse(result.reused(), other + ": " + result.output());
            assertTrue(served(result), result.output());
        }
        OpenSslClient.Result same = OpenSslClient.connect(nodes.b.port("required"), protocol,
                session, null, presenting(alice, pki));
        assertTrue(same.reused(), same.output());
    }

    @ParameterizedTest
    @ValueSource(strings = {"tls1_2", "tls1_3"})
    void renewedServerCertificateKeepsSessionsResuming(String protocol) throws Exception {
        Path before = OpenSslClient.sessionFile();
        OpenSslClient.connect(nodes.a.port("a.test"), protocol, null, before);

        // A renews: a new key and certificate of the same type (a TLS 1.2 suite names the key
        // type, so an EC session cannot resume on an RSA key), the same scope
        TestPki.Issued renewed = pki.server("renewed-" + protocol, TestPki.KeyAlg.EC,
                "a.test", "b.test");
        int renewedPort = nodes.a.serve("a.test renewed", ContextNodes.pem(renewed), scoped("a.test", ClientAuth.none()));

        OpenSslClient.Result onA = OpenSslClient.connect(renewedPort, protocol, before, null);
        assertTrue(onA.reused(), "a session made before renewal resumes on A: " + onA.output());
        OpenSslClient.Result onB = OpenSslClient.connect(nodes.b.port("a.test"), protocol, before,
                null);
        assertTrue(onB.reused(), onB.output());

        Path after = OpenSslClient.sessionFile();
        OpenSslClient.Result fresh = OpenSslClient.connect(renewedPort, protocol, null, after);
        assertFalse(fresh.reused(), fresh.output());
        assertTrue(fresh.output().contains("CN=a.test") || fresh.output().contains("CN = a.test"),
                fresh.output());
        long resumedOnB = nodes.b.node().metrics().getResumedHandshakes();
        OpenSslClient.Result afterOnB = OpenSslClient.connect(nodes.b.port("a.test"), protocol,
                after, null);
        assertTrue(afterOnB.reused(), "a session of the renewed certificate resumes on B, which"
                + " still serves the old one: " + afterOnB.output());
        assertEquals(resumedOnB + 1, nodes.b.node().metrics().getResumedHandshakes());
    }

    @Test
    void scopeIsTheSameForTheSameInputsInAnyOrderAndCase() {
        var auth = ClientAuth.required(trust);
        SessionScope one = SessionScope.of("A.Test", auth, List.of("depth=3", "crl=on"));
        SessionScope two = SessionScope.of("a.test", ClientAuth.required(
                ContextNodes.trusting(pki)), List.of("crl=on", "depth=3", "crl=on"));
        assertEquals(one, two);
        assertEquals(one.id(), two.id());
        assertEquals(32, one.sessionIdContext().length);
        assertEquals(16, one.id().length());
    }

    @Test
    void everyInputChangesTheScope() {
        var required = ClientAuth.required(trust);
        SessionScope base = SessionScope.of("a.test", required, List.of());
        List<SessionScope> others = List.of(
                SessionScope.of("b.test", required, List.of()),
                SessionScope.of("a.test", ClientAuth.optional(trust), List.of()),
                SessionScope.of("a.test", ClientAuth.optionalUnverified(), List.of()),
                SessionScope.of("a.test", ClientAuth.none(), List.of()),
                SessionScope.of("a.test", ClientAuth.required(ContextNodes.trusting(otherCa)),
                        List.of()),
                SessionScope.of("a.test", required, List.of("depth=1")),
                SessionScope.of(null, required, List.of()),
                SessionScope.DEFAULT);
        for (SessionScope other : others) {
            assertNotEquals(base, other, other.toString());
        }
        assertEquals(others.size() + 1, others.stream().map(SessionScope::id).distinct().count()
                + 1);
    }

    @Test
    void toStringNamesHostModeAndAnchorsOnly() {
        SessionScope scope = SessionScope.of("a.test", ClientAuth.required(trust), List.of());
        assertEquals("SessionScope[host=a.test, mode=REQUIRED, anchors=1, id=" + scope.id() + "]",
                scope.toString());
    }

    @Test
    void contextRefusesScopeDerivedFromOtherClientAuth() {
        TlsContextOptions mismatched = TlsContextOptions.defaults()
                .withClientAuth(ClientAuth.required(trust));
        var error = assertThrows(IllegalArgumentException.class,
                () -> nodes.a.node().newServerContext(ContextNodes.pem(alice),
                        mismatched));
        assertTrue(error.getMessage().contains("not derived from"), error.getMessage());
    }

    @Test
    void verifyingClientAuthNeedsTrustAnchors() {
        X509TrustManager empty = new X509TrustManager() {
            @Override
            public void checkClientTrusted(X509Certificate[] chain, String authType) {
            }

            @Override
            public void checkServerTrusted(X509Certificate[] chain, String authType) {
            }

            @Override
            public X509Certificate[] getAcceptedIssuers() {
                return new X509Certificate[0];
            }
        };
        assertThrows(IllegalArgumentException.class, () -> ClientAuth.required(empty));
        assertThrows(IllegalArgumentException.class, () -> ClientAuth.optional(empty));
        assertEquals(List.of(), ClientAuth.optionalUnverified().trustAnchors());
        assertTrue(ClientAuth.optionalUnverified().unverified());
    }
}
