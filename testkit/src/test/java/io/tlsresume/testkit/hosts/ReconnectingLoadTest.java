package io.tlsresume.testkit.hosts;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.tlsresume.core.ResumptionNode;
import io.tlsresume.testkit.NettyTestServer;
import io.tlsresume.testkit.Ports;
import io.tlsresume.testkit.TestNodes;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * The load's counts are what the client and the server saw: on one node, each client's first
 * connection is a full handshake and every other resumes (JDK client for tickets and TLS 1.3,
 * openssl s_client for session ids), and the node counts the same; nothing listening is
 * "refused", never "failed".
 */
class ReconnectingLoadTest {
    @ParameterizedTest
    @EnumSource(ReconnectingLoad.Mode.class)
    void eachClientMakesOneFullHandshakeThenResumes(ReconnectingLoad.Mode mode) throws Exception {
        try (ResumptionNode node = new TestNodes(1).start(0);
                NettyTestServer server = new NettyTestServer(node.settings().nodeId(),
                        node.newServerContext(List.of()))) {
            LoadFigures f;
            try (ReconnectingLoad load = ReconnectingLoad.start("127.0.0.1", server.port(), mode,
                    2)) {
                assertTrue(load.awaitConnections(20, Duration.ofSeconds(90)), load::toString);
                f = load.stop();
                assertEquals(0, f.failed() + f.refused(), () -> load.failures().toString());
                assertEquals(List.of(1L, 1L), load.fullHandshakesPerClient());
            }
            assertEquals(2, f.full(), f::toString);
            assertEquals(2, f.firstHandshakes(), f::toString);
            assertEquals(f.connections() - 2, f.resumed(), f::toString);
            assertEquals(1.0, f.resumedRate());
            assertEquals(f.resumed(), node.metrics().getResumedHandshakes(), "server side");
            assertEquals(f.full(), node.metrics().getFullHandshakes(), "server side");
        }
    }

    @Test
    void nothingListeningIsRefusedNotFailed() throws Exception {
        int port = Ports.free();
        try (ReconnectingLoad load = ReconnectingLoad.start("127.0.0.1", port,
                ReconnectingLoad.Mode.TLS13, 1)) {
            assertTrue(load.awaitConnections(3, Duration.ofSeconds(30)));
            LoadFigures f = load.stop();
            assertEquals(f.connections(), f.refused(), f::toString);
            assertEquals(0, f.failed() + f.full() + f.resumed(), f::toString);
        }
    }

    @Test
    void theScenarioLine() {
        LoadFigures f = new LoadFigures(1003, 999, 3, 0, 1, 2);
        assertEquals("SCENARIO x: connections=1003 resumed=999 full=3 failed=0 refused=1"
                + " resumed-rate=99.80%", f.line("x"));
        assertEquals(new LoadFigures(3, 1, 1, 0, 1, 0), f.minus(new LoadFigures(1000, 998, 2, 0,
                0, 2)));
    }
}
