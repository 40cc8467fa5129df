package io.tlsresume.openssl;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.tlsresume.testkit.OpenSslClient;
import io.tlsresume.tomcat.TomcatPair;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** B's Hazelcast member is gone: B still serves, with full handshakes. */
class StoreDownTest {

    @Test
    void nodeWhoseMemberIsDownServesFullHandshakes() {
        try (TomcatPair pair = new TomcatPair(Map.of("engine", "openssl"))) {
            Path session = OpenSslClient.sessionFile();
            OpenSslClient.Result first = OpenSslClient.connect(pair.a.port(), "tls1_2", null,
                    session, "-no_ticket");
            assertFalse(first.sessionId().isEmpty(), first.output());

            pair.b.listener.getNode().hazelcast().orElseThrow().getLifecycleService()
                    .terminate();

            for (String protocol : new String[] {"tls1_2", "tls1_3"}) {
                OpenSslClient.Result second = OpenSslClient.connect(pair.b.port(), protocol,
                        protocol.equals("tls1_2") ? session : null, null, "-no_ticket");
                assertFalse(second.reused(), second.output());
                assertTrue(second.output().contains("HTTP/1.1 200"), second.output());
            }
            assertEquals(0, OpenSslMetrics.of(pair.b.listener.getNode()).hits());
        }
    }
}
