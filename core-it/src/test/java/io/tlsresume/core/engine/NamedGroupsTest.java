package io.tlsresume.core.engine;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertDoesNotThrow;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import io.netty.internal.tcnative.SSL;
import io.tlsresume.core.ResumptionNode;
import io.tlsresume.testkit.NettyTestServer;
import io.tlsresume.testkit.OpenSslClient;
import io.tlsresume.testkit.TestCertificates;
import io.tlsresume.testkit.TestNodes;
import java.time.Duration;
import java.util.List;
import javax.net.ssl.SSLParameters;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** Key-exchange groups: set on the context, never per connection (JDK 20+ servers try). */
class NamedGroupsTest {
    private static ResumptionNode node;

    @BeforeAll
    static void start() {
        node = ResumptionNode.start(new TestNodes(1).settings(0, b -> b.set("cluster.mode", "none")));
    }

    @AfterAll
    static void stop() {
        node.close();
    }

    @Test
    void acceptsClientGroupsUnknownToBoringSslOnJdk20AndLater() {
        assumeTrue(NamedGroups.supported(), "SSLParameters has no named groups before JDK 20");
        ServerTlsContext context = node.newServerContext(TestCertificates.get().keySource(),
                List.of());
        try {
            ObservedSslEngine engine = context.newEngine();
            SSLParameters params = engine.getSSLParameters();
            // What Tomcat 11 passes on JDK 20+: the client's groups, here one BoringSSL lacks.
            String[] clientGroups = {"x25519", "ffdhe2048"};
            NamedGroups.set(params, clientGroups);
            assertThrows(UnsupportedOperationException.class,
                    () -> engine.delegate().setSSLParameters(params),
                    "precondition: Netty's own engine refuses the group");
            // That refusal leaves BoringSSL's error on this thread's queue, where the next
            // context built here would trip over it (seen: UNSUPPORTED_ELLIPTIC_CURVE on a valid
            // P-256 key): one more reason never to let it happen on a server thread.
            for (int i = 0; i < 64 && SSL.getLastErrorNumber() != 0; i++) {
                // ERR_get_error pops one entry per call.
            }
            assertDoesNotThrow(() -> engine.setSSLParameters(params));
            assertArrayEquals(clientGroups, NamedGroups.get(params), "caller's object unchanged");
        } finally {
            node.release(context);
        }
    }

    @Test
    void negotiatesOnlyTheConfiguredGroup() throws Exception {
        ServerTlsContext context = node.newServerContext(TestCertificates.get().keySource(),
                List.of(), List.of("secp384r1"));
        try (NettyTestServer server = new NettyTestServer("G", context)) {
            OpenSslClient.Result result = OpenSslClient.connect(server.port(), "tls1_3", null,
                    null, "-groups", "X25519:P-256:P-384");
            assertTrue(result.output().contains("384"), result.output());
            assertFalse(result.output().contains("X25519"), result.output());
        } finally {
            node.release(context);
        }
    }

    @Test
    void refusesGroupBoringSslDoesNotKnow() {
        IllegalStateException e = assertThrows(IllegalStateException.class,
                () -> ServerTlsContext.create(TestCertificates.get().keySource(),
                        Duration.ofHours(1), List.of(), List.of("ffdhe2048"),
                        node.metrics()));
        assertTrue(e.getMessage().contains("ffdhe2048"), e.getMessage());
    }
}
