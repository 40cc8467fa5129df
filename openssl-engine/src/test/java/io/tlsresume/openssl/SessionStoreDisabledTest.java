package io.tlsresume.openssl;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.tlsresume.testkit.OpenSslClient;
import io.tlsresume.testkit.TestNodes;
import io.tlsresume.tomcat.EmbeddedTomcat;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * Control: in the same two-member cluster, a node with {@code sessionStore="off"} cannot resume
 * a session the other node stored, and makes no resumable sessions of its own.
 */
class SessionStoreDisabledTest {

    private static Map<String, String> attributes(TestNodes nodes, int index, String store) {
        Map<String, String> attributes = new LinkedHashMap<>(nodes.properties(index));
        attributes.put("engine", "openssl");
        attributes.put("sessionStore", store);
        return attributes;
    }

    @Test
    void nodeWithoutTheStoreMakesANewSession() throws Exception {
        TestNodes nodes = new TestNodes(2);
        try (EmbeddedTomcat on = new EmbeddedTomcat(attributes(nodes, 0, "on")).start();
                EmbeddedTomcat off = new EmbeddedTomcat(attributes(nodes, 1, "off")).start()) {
            off.awaitClusterSafe();
            assertEquals(2, off.listener.getNode().metrics().getClusterMembers());
            Path session = OpenSslClient.sessionFile();
            OpenSslClient.Result first = OpenSslClient.connect(on.port(), "tls1_2", null,
                    session, "-no_ticket");
            assertFalse(first.sessionId().isEmpty(), first.output());

            OpenSslClient.Result second = OpenSslClient.connect(off.port(), "tls1_2", session,
                    null, "-no_ticket");
            assertFalse(second.reused(), second.output());
            assertNotEquals(first.sessionId(), second.sessionId());

            // Without a cache OpenSSL sends an empty session id: nothing to resume at all.
            Path offSession = OpenSslClient.sessionFile();
            OpenSslClient.Result own = OpenSslClient.connect(off.port(), "tls1_2", null,
                    offSession, "-no_ticket");
            assertTrue(own.sessionId().isEmpty(), own.output());
            assertFalse(Files.exists(offSession));
        }
    }
}
