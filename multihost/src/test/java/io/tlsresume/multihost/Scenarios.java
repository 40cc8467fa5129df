package io.tlsresume.multihost;

import static org.junit.jupiter.api.Assumptions.assumeTrue;

import io.tlsresume.testkit.ScenarioReport;
import io.tlsresume.testkit.hosts.LoadFigures;
import io.tlsresume.testkit.hosts.NetworkHosts;
import java.time.Duration;
import java.util.Map;

/**
 * What every multi-host scenario shares: when it runs, how long, and the SCENARIO line it prints
 * and appends to {@code target/scenarios.txt}.
 */
public final class Scenarios {
    private Scenarios() {
    }

    /**
     * Skips unless this is a pass the scenarios run in: not on Java 22+ (they do not depend on
     * the JDK, so they run in the JDK 17 pass only), and only where network namespaces can be
     * made. On CI a missing prerequisite fails instead (CI must run them).
     */
    public static void assumeRunnable() {
        assumeTrue(Runtime.version().feature() < 22, "multi-host scenarios do not depend on the"
                + " JDK: they run in the JDK 17 pass only (this is Java "
                + Runtime.version().feature() + ")");
        String reason = NetworkHosts.unavailableReason();
        assumeTrue(reason.isEmpty() || System.getenv("CI") != null,
                "multi-host scenarios skipped: " + reason);
    }

    /**
     * Whether {@link #assumeRunnable()} lets scenarios run (for a {@code @BeforeAll} that
     * starts a shared cluster; each test then calls {@link #assumeRunnable()} to report a skip).
     */
    public static boolean runnable() {
        return Runtime.version().feature() < 22 && (NetworkHosts.unavailableReason().isEmpty()
                || System.getenv("CI") != null);
    }

    /** Whether {@code -Dscenario.full=true} asks for the full-length runs. */
    public static boolean full() {
        return ScenarioReport.full();
    }

    /** {@code shortened} by default (and on CI), {@code fullLength} with scenario.full. */
    public static Duration length(Duration shortened, Duration fullLength) {
        return full() ? fullLength : shortened;
    }

    /** {@code shortened} by default (and on CI), {@code fullLength} with scenario.full. */
    public static int count(int shortened, int fullLength) {
        return full() ? fullLength : shortened;
    }

    /**
     * Prints the SCENARIO line for {@code client} figures plus the server side (node counters
     * from {@code serverBefore} to {@code serverAfter}) and {@code extra}, appends it to
     * target/scenarios.txt, and returns it.
     */
    public static String report(String scenario, LoadFigures client,
            Map<String, Long> serverBefore, Map<String, Long> serverAfter, String extra) {
        String line = client.line(scenario)
                + " server-resumed=" + delta("ResumedHandshakes", serverBefore, serverAfter)
                + " server-full=" + delta("FullHandshakes", serverBefore, serverAfter)
                + " server-failed=" + delta("FailedHandshakes", serverBefore, serverAfter)
                + " server-ticket-decrypt-failures="
                + delta("TicketDecryptFailures", serverBefore, serverAfter)
                + (full() ? " length=full" : " length=short")
                + (extra.isEmpty() ? "" : " " + extra);
        ScenarioReport.record(line);
        return line;
    }

    /** {@code after - before} of one counter. */
    public static long delta(String name, Map<String, Long> before, Map<String, Long> after) {
        return after.getOrDefault(name, 0L) - before.getOrDefault(name, 0L);
    }
}
