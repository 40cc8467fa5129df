package io.tlsresume.tomcat;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.tlsresume.testkit.OpenSslClient;
import io.tlsresume.testkit.TestNodes;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Stopping Tomcat takes its node out of the cluster, threads and all; the others go on. */
class TomcatStopTest {

    @Test
    void stoppedTomcatLeavesNoHazelcastThreadsAndOtherNodeKeepsResuming() throws Exception {
        TestNodes nodes = new TestNodes(2);
        String nodeA = nodes.properties(0).get("nodeId");
        Path session = OpenSslClient.sessionFile();
        try (EmbeddedTomcat b = new EmbeddedTomcat(nodes.properties(1))) {
            EmbeddedTomcat a = new EmbeddedTomcat(nodes.properties(0)).start();
            b.start();
            assertTrue(OpenSslClient.connect(a.port(), "tls1_3", null, session).output()
                    .contains("node=" + nodeA));
            assertFalse(EmbeddedTomcat.hazelcastThreadsOf(nodeA).isEmpty(),
                    "precondition: A runs a Hazelcast member");

            a.close();

            assertNull(a.listener.getNode());
            assertEquals(List.of(), EmbeddedTomcat.hazelcastThreadsLeft(nodeA));

            OpenSslClient.Result onB = OpenSslClient.connect(b.port(), "tls1_3", session, null);
            assertTrue(onB.reused(), onB.output());
            assertTrue(onB.output().contains("resumed=true"), onB.output());
        }
    }

    @Test
    void restartedConnectorRejoinsAndResumesItsEarlierSessions() throws Exception {
        TestNodes nodes = new TestNodes(2);
        String nodeA = nodes.properties(0).get("nodeId");
        Path session = OpenSslClient.sessionFile();
        try (EmbeddedTomcat a = new EmbeddedTomcat(nodes.properties(0)).start();
                EmbeddedTomcat b = new EmbeddedTomcat(nodes.properties(1)).start()) {
            OpenSslClient.connect(a.port(), "tls1_2", null, session);

            a.connector.stop();
            assertEquals(List.of(), EmbeddedTomcat.hazelcastThreadsLeft(nodeA));
            a.connector.start();

            // A's new member got the ring back from B, so A's old ticket still resumes on A.
            OpenSslClient.Result again = OpenSslClient.connect(a.port(), "tls1_2", session, null);
            assertTrue(again.reused(), again.output());
            assertTrue(again.output().contains("X-TLS-Node: " + nodeA), again.output());
        }
    }
}
