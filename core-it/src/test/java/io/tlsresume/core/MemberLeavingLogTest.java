package io.tlsresume.core;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.tlsresume.testkit.LogCapture;
import io.tlsresume.testkit.TestNodes;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * A peer leaving is routine (deploys restart nodes one by one): the survivor says so at INFO and
 * warns only if its key ring is still degraded a tick later.
 */
class MemberLeavingLogTest {

    @Test
    @Timeout(value = 90, unit = TimeUnit.SECONDS)
    void peerLeavingIsInfoAndOnlyLastingDegradationWarns() throws Exception {
        TestNodes nodes = new TestNodes(2);
        // 10 s rotation: one tick per second; no join grace, so INFO is not the grace's.
        ResumptionNode survivor = ResumptionNode.start(nodes.settings(0,
                b -> b.set("rotationInterval", "10s").set("ticketLifetime", "60s")
                        .set("cluster.joinGrace", "0s")));
        try (LogCapture logs = new LogCapture()) {
            ResumptionNode leaving = ResumptionNode.start(nodes.settings(1,
                    b -> b.set("rotationInterval", "10s").set("ticketLifetime", "60s")
                        .set("cluster.joinGrace", "0s")));
            waitFor(() -> survivor.metrics().getClusterMembers() == 2
                    && !survivor.metrics().isDegraded());
            leaving.close();

            waitFor(() -> logs.contains("INFO", "Cluster member left"));
            assertTrue(logs.contains("INFO", "1 of 2 configured members visible (was 2)"),
                    logs.text());
            waitFor(() -> logs.contains("INFO", "Key ring degraded"));
            assertFalse(logs.contains("WARNING", "Key ring degraded"),
                    "a peer that just left is not an incident yet:\n" + logs.text());

            // Still alone after the settling tick: that is lasting degradation, and warned.
            waitFor(() -> logs.contains("WARNING", "Key ring degraded"));
            assertTrue(logs.contains("WARNING", "no other member reachable"), logs.text());
            assertTrue(survivor.metrics().isDegraded());
            assertEquals(1, survivor.metrics().getClusterMembers());
        } finally {
            survivor.close();
        }
    }

    private static void waitFor(java.util.function.BooleanSupplier condition)
            throws InterruptedException {
        for (int i = 0; i < 300 && !condition.getAsBoolean(); i++) {
            Thread.sleep(100);
        }
        assertTrue(condition.getAsBoolean(), "condition not met within 30 s");
    }
}
