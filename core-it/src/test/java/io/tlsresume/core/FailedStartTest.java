package io.tlsresume.core;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.tlsresume.core.ring.Scheduler;
import io.tlsresume.testkit.LogCapture;
import io.tlsresume.testkit.TestNodes;
import java.util.List;
import java.util.concurrent.Executors;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ScheduledExecutorService;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/** A node whose start fails leaves nothing running and no key behind. */
class FailedStartTest {
    private static final Pattern MADE = Pattern.compile("New ephemeral sealing key (\\p{XDigit}+)");

    @Test
    void aNodeThatFailsToStartErasesTheSealingKeysItAlreadyMade() {
        // An executor already shut down (a redeploy that reuses a stopped one): the first tick
        // runs and makes this node's sealing key, then scheduling the next tick fails.
        ScheduledExecutorService stopped = Executors.newSingleThreadScheduledExecutor();
        stopped.shutdown();
        Settings settings = new TestNodes(1).settings(0, b -> b.set("cluster.mode", "none"));
        try (LogCapture logs = new LogCapture()) {
            assertThrows(RejectedExecutionException.class, () -> ResumptionNode.builder(settings)
                    .scheduler(Scheduler.of(stopped)).start());

            List<String> made = logs.lines().stream().map(MADE::matcher).filter(Matcher::find)
                    .map(m -> m.group(1)).toList();
            assertFalse(made.isEmpty(), "the first tick made a sealing key: " + logs.text());
            for (String id : made) {
                assertTrue(logs.contains("FINE", "Erased ephemeral sealing key " + id),
                        "sealing key " + id + " outlived the failed start:\n" + logs.text());
            }
        }
    }
}
