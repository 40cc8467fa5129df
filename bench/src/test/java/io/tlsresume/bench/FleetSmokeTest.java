package io.tlsresume.bench;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * Bench item 8 at its smallest ({@code --smoke} size: 4 client nodes, 3 store members): nodes in
 * {@code cluster.mode=client} share one sealed ring through a store cluster they are not members
 * of, every node gets a new key, reconnections round robin over all nodes resume (seen by the
 * JDK client and counted by the nodes), and all of that still holds after a store member is
 * killed. A check of the item and of client mode, not a benchmark: no figure is timed here.
 */
class FleetSmokeTest {
    @Test
    // About 40 s at a load average of 30 on 2 cores; at 50 the members' start alone took 90 s.
    @Timeout(value = 300, unit = TimeUnit.SECONDS)
    void clientNodesShareTheRingAndResumeBeforeAndAfterAStoreMemberDies() throws Exception {
        Results results = new Results();
        FleetBench.Size size = FleetBench.Size.of("smoke");
        new FleetBench(results, size).run();

        String setup = "4 client nodes, 3 store members";
        int reconnections = size.nodes() * size.probesPerNode() - 1;
        for (String phase : new String[] {"all members up", "one member killed"}) {
            assertEquals(0.0, results.values(FleetBench.ITEM, setup, phase,
                    "nodes_without_key_at_deadline")[0], phase + ": every node gets the new key");
            assertEquals(size.rotations(), results.values(FleetBench.ITEM, setup, phase,
                    "convergence_ms").length, phase);
            for (String protocol : new String[] {"TLSv1.2", "TLSv1.3"}) {
                String variant = phase + ", " + protocol;
                assertEquals(1.0, results.values(FleetBench.ITEM, setup, variant,
                        "resumed_share")[0], variant + ": every reconnection resumes, on "
                        + "whichever node the balancer picks");
                assertEquals(reconnections, results.values(FleetBench.ITEM, setup, variant,
                        "server_counted_resumed")[0], variant + ": the nodes count each one");
            }
            assertTrue(results.values(FleetBench.ITEM, setup, phase,
                    "read_bytes_per_node_tick")[0] > 0, phase + ": the ring is read through "
                    + "the clients");
        }
        assertEquals(0.0, results.values(FleetBench.ITEM, setup, "one member killed",
                "nodes_degraded_at_end")[0], "every node recovered from the killed member");
    }
}
