package io.tlsresume.openssl;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.tlsresume.testkit.NodePair;
import io.tlsresume.testkit.OpenSslClient;
import io.tlsresume.testkit.TestPki;
import io.tlsresume.tomcat.EmbeddedTomcat;
import io.tlsresume.tomcat.HostScopes;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletionStage;
import java.util.function.UnaryOperator;
import java.util.regex.Pattern;
import org.apache.tomcat.util.net.SSLHostConfig;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Two {@code <SSLHostConfig hostName>}s, a.test and b.test, with their own certificates on both
 * nodes: each host serves its certificate, and a session made for a.test never resumes for
 * b.test, on either node, but gets a full handshake (no error), while it resumes for a.test on
 * the other node. Two guards are shown apart: the cluster map is keyed by scope (the lookup for
 * b.test misses), and OpenSSL itself refuses a session of another session-id context (a ring
 * ticket, which never touches the map; and a map entry handed over on purpose).
 */
class OpenSslVirtualHostScopeTest {
    private static final TestPki PKI = TestPki.create("hosts");
    private static final TestPki.Issued A_CERT = PKI.server("a", TestPki.KeyAlg.EC, "a.test");
    private static final TestPki.Issued B_CERT = PKI.server("b", TestPki.KeyAlg.EC, "b.test");
    /** When set: every lookup is made under this scope id instead of the context's own. */
    private static volatile String lookUpUnderScope;
    private static UnaryOperator<SessionStore> decoratorBefore;
    private static NodePair<EmbeddedTomcat> stateful;
    private static NodePair<EmbeddedTomcat> ring;
    private static String scopeOfA;

    @BeforeAll
    static void start() {
        decoratorBefore = ClusterSessionCache.storeDecorator;
        ClusterSessionCache.storeDecorator = ScopeBlindStore::new;
        stateful = ScopedNodes.start(Map.of(), OpenSslVirtualHostScopeTest::addHosts);
        ring = ScopedNodes.start(Map.of("sessionTickets", "ring"),
                OpenSslVirtualHostScopeTest::addHosts);
        scopeOfA = HostScopes.of(hostConfig(stateful.a, "a.test")).id();
    }

    @AfterAll
    static void stop() {
        ClusterSessionCache.storeDecorator = decoratorBefore;
        try {
            stateful.close();
        } finally {
            ring.close();
        }
    }

    private static void addHosts(int index, EmbeddedTomcat node) {
        // OpenSslClient sends "Host: localhost" whatever the SNI; Tomcat would answer 400.
        node.connector.setProperty("strictSni", "false");
        ScopedNodes.addHost(node, "a.test", A_CERT);
        ScopedNodes.addHost(node, "b.test", B_CERT);
    }

    private static SSLHostConfig hostConfig(EmbeddedTomcat node, String hostName) {
        for (SSLHostConfig host : node.connector.findSslHostConfigs()) {
            if (host.getHostName().equals(hostName)) {
                return host;
            }
        }
        throw new IllegalArgumentException(hostName);
    }

    private static OpenSslMetrics store(NodePair<EmbeddedTomcat> pair, int index) {
        return OpenSslMetrics.of(pair.node(index).listener.getNode());
    }

    /** s_client to {@code host} (SNI) on {@code port}; TLS 1.2 without tickets if asked. */
    private static OpenSslClient.Result connect(int port, String protocol, String host,
            Path in, Path out, boolean noTicket) {
        List<String> args = new ArrayList<>(List.of("-servername", host));
        if (noTicket) {
            args.add("-no_ticket");
        }
        return OpenSslClient.connect(port, protocol, in, out, args.toArray(String[]::new));
    }

    private static void assertNewAndServed(OpenSslClient.Result result) {
        assertFalse(result.reused(), result.output());
        assertTrue(result.output().contains("HTTP/1.1 200"), result.output());
    }

    @Test
    void eachHostServesItsOwnCertificateOnBothNodes() {
        for (int index = 0; index < 2; index++) {
            for (String host : List.of("a.test", "b.test")) {
                OpenSslClient.Result result = connect(stateful.node(index).port(), "tls1_3",
                        host, null, null, false);
                assertTrue(Pattern.compile("subject=CN ?= ?" + Pattern.quote(host))
                        .matcher(result.output()).find(), result.output());
                assertTrue(result.output().contains("HTTP/1.1 200"), result.output());
            }
        }
        // Distinct scopes, one per host; the same on both nodes.
        for (String host : List.of("a.test", "b.test")) {
            assertEquals(HostScopes.of(hostConfig(stateful.a, host)),
                    HostScopes.of(hostConfig(stateful.b, host)));
        }
        assertFalse(HostScopes.of(hostConfig(stateful.a, "a.test"))
                .equals(HostScopes.of(hostConfig(stateful.a, "b.test"))));
    }

    /** Session ids (TLS 1.2) and stateful TLS 1.3 tickets: both go through the cluster map. */
    @ParameterizedTest
    @ValueSource(strings = {"tls1_2", "tls1_3"})
    void storedSessionOfAIsNewForBOnEitherNodeAndResumesForAOnTheOther(String protocol) {
        boolean noTicket = protocol.equals("tls1_2");
        Path session = OpenSslClient.sessionFile();
        OpenSslClient.Result first = connect(stateful.a.port(), protocol, "a.test", null,
                session, noTicket);
        assertNewAndServed(first);

        for (int index = 0; index < 2; index++) {
            long hits = store(stateful, index).hits();
            long misses = store(stateful, index).misses();
            OpenSslClient.Result other = connect(stateful.node(index).port(), protocol, "b.test",
                    session, null, noTicket);
            assertNewAndServed(other);
            assertEquals(hits, store(stateful, index).hits(), "found under b.test's scope");
            assertEquals(misses + 1, store(stateful, index).misses(),
                    "b.test's lookup is a miss in its own scope");
        }

        long hitsOnB = store(stateful, 1).hits();
        OpenSslClient.Result same = connect(stateful.b.port(), protocol, "a.test", session,
                null, noTicket);
        assertTrue(same.reused(), "store on B: hits " + hitsOnB + " -> " + store(stateful, 1).hits()
                + " misses " + store(stateful, 1).misses() + " unreadable "
                + store(stateful, 1).unreadableEntries() + " timeouts "
                + store(stateful, 1).timeouts() + "\n" + same.output());
        assertEquals(stateful.nodeId(1), same.node());
        if (noTicket) {
            assertEquals(first.sessionId(), same.sessionId());
        }
        assertEquals(hitsOnB + 1, store(stateful, 1).hits());
    }

    /**
     * Ring tickets never touch the map and decrypt on every context (one ring): only OpenSSL's
     * session-id context check keeps a.test's ticket from resuming for b.test.
     */
    @ParameterizedTest
    @ValueSource(strings = {"tls1_2", "tls1_3"})
    void ringTicketOfAIsNewForBOnEitherNodeAndResumesForAOnTheOther(String protocol) {
        Path session = OpenSslClient.sessionFile();
        OpenSslClient.Result first = connect(ring.a.port(), protocol, "a.test", null, session,
                false);
        assertNewAndServed(first);
        assertTrue(first.output().contains("TLS session ticket:"), first.output());

        for (int index = 0; index < 2; index++) {
            assertNewAndServed(connect(ring.node(index).port(), protocol, "b.test", session,
                    null, false));
        }
        OpenSslClient.Result same = connect(ring.b.port(), protocol, "a.test", session, null,
                false);
        assertTrue(same.reused(), same.output());
        assertEquals(ring.nodeId(1), same.node());
    }

    /**
     * The second guard behind the scoped map: even when the store hands b.test's context the
     * session made for a.test (lookups forced under a.test's scope), OpenSSL compares the
     * session's session-id context with the context's and makes a full handshake.
     */
    @ParameterizedTest
    @ValueSource(strings = {"tls1_2", "tls1_3"})
    void openSslRefusesSessionOfAnotherScopeEvenWhenTheStoreHandsItOver(String protocol) {
        boolean noTicket = protocol.equals("tls1_2");
        Path session = OpenSslClient.sessionFile();
        assertNewAndServed(connect(stateful.a.port(), protocol, "a.test", null, session,
                noTicket));
        long hitsOnB = store(stateful, 1).hits();
        lookUpUnderScope = scopeOfA;
        try {
            OpenSslClient.Result other = connect(stateful.b.port(), protocol, "b.test", session,
                    null, noTicket);
            assertNewAndServed(other);
        } finally {
            lookUpUnderScope = null;
        }
        assertEquals(hitsOnB + 1, store(stateful, 1).hits(),
                "the store handed the session over (else this shows nothing)");
    }

    /** The real store; while {@link #lookUpUnderScope} is set, looks up under that scope. */
    private record ScopeBlindStore(SessionStore real) implements SessionStore {
        @Override
        public CompletionStage<byte[]> get(String key) {
            String scope = lookUpUnderScope;
            return real.get(scope == null ? key
                    : SessionMaps.key(scope, key.substring(key.indexOf(':') + 1)));
        }

        @Override
        public CompletionStage<?> put(String key, byte[] entry, Duration timeToLive) {
            return real.put(key, entry, timeToLive);
        }
    }
}
