package io.tlsresume.openssl;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.tlsresume.testkit.OpenSslClient;
import io.tlsresume.testkit.NodePair;
import io.tlsresume.tomcat.EmbeddedTomcat;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * One cluster, one BoringSSL node and one OpenSSL node: they cannot read each other's tickets or
 * sessions (different encodings), and a client presenting one to the other gets a full handshake,
 * not an error.
 */
class MixedEnginesTest {

    /**
     * With {@code sessionTickets=ring} both engines even encrypt tickets under the same ring
     * keys; the sessions inside are still each library's own encoding.
     */
    @ParameterizedTest(name = "{0} session from {1} node to the other, OpenSSL tickets {3}")
    @CsvSource({
        "tls1_2,boringssl,,stateful",
        "tls1_3,boringssl,,stateful",
        "tls1_2,openssl,-no_ticket,stateful",
        "tls1_3,openssl,,stateful",
        "tls1_2,boringssl,,ring",
        "tls1_3,boringssl,,ring",
        "tls1_2,openssl,,ring",
        "tls1_3,openssl,,ring",
    })
    void sessionOfOneEngineDegradesToFullHandshakeOnTheOther(String protocol, String from,
            String extra, String opensslTickets) throws InterruptedException {
        Map<String, String> boringNode = Map.of("engine", "boringssl");
        Map<String, String> opensslNode = Map.of("engine", "openssl",
                "sessionTickets", opensslTickets);
        try (NodePair<EmbeddedTomcat> pair = NodePair.start((nodes, index) ->
                EmbeddedTomcat.start(nodes, index, index == 0 ? boringNode : opensslNode))) {
            EmbeddedTomcat boring = pair.a;
            EmbeddedTomcat openssl = pair.b;
            openssl.awaitClusterSafe();
            assertEquals(2, openssl.listener.getNode().metrics().getClusterMembers());
            EmbeddedTomcat source = from.equals("boringssl") ? boring : openssl;
            EmbeddedTomcat target = source == boring ? openssl : boring;
            String[] args = extra == null ? new String[0] : new String[] {extra};
            Path session = OpenSslClient.sessionFile();

            OpenSslClient.Result first = OpenSslClient.connect(source.port(), protocol, null,
                    session, args);
            assertFalse(first.reused(), first.output());
            // The session is good: it resumes on the node that made it.
            assertTrue(OpenSslClient.connect(source.port(), protocol, session, null, args)
                    .reused());

            OpenSslClient.Result other = OpenSslClient.connect(target.port(), protocol, session,
                    null, args);
            assertFalse(other.reused(), other.output());
            assertTrue(other.output().contains("HTTP/1.1 200"), other.output());
        }
    }
}
