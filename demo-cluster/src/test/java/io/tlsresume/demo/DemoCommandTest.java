package io.tlsresume.demo;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.tlsresume.testkit.OpenSslClient;
import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/** The demo as the README's first command runs it: its own JVM, its table, its exit code. */
class DemoCommandTest {

    private static ProcessBuilder demo(String... args) {
        List<String> cmd = new ArrayList<>(List.of(
                Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-cp", System.getProperty("java.class.path"), Demo.class.getName()));
        cmd.addAll(List.of(args));
        return new ProcessBuilder(cmd).redirectErrorStream(true);
    }

    @Test
    void printsCrossNodeResumptionAndTheLowerBaselineAndExitsZero() throws Exception {
        Process p = demo("--connections", "4").start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        // Hang detector; on Java 22+ the demo starts a third cluster (the session-id run).
        assertTrue(p.waitFor(300, TimeUnit.SECONDS), "demo hung");
        assertEquals(0, p.exitValue(), out);
        assertTrue(out.contains("shared ring    100.0 %"), out);
        assertTrue(out.contains("without it       0.0 %"), out);
        for (String node : List.of("jetty-1", "jetty-2", "tomcat-1")) {
            assertTrue(out.contains(node), "every node answered: " + out);
        }
        // Connections 2..4 of each protocol resumed, seen by the client (the ticket runs: the
        // session-id run, if any, comes after the baseline).
        int sessionIdRun = out.indexOf("Session ids, the same nodes on engine=openssl");
        String ticketRuns = sessionIdRun < 0 ? out : out.substring(0, sessionIdRun);
        assertEquals(6, count(ticketRuns, Pattern.compile("TLSv1\\.[23]\\s+YES\\s+true")),
                out);
        assertSessionIdRunOrWhySkipped(out);
    }

    /**
     * Java 22+: a TLS 1.2 run on engine=openssl (no tickets issued) resumes every reconnection
     * by session id across Jetty and Tomcat nodes; older JDKs: one line says why not.
     */
    private static void assertSessionIdRunOrWhySkipped(String out) {
        if (Runtime.version().feature() >= 22) {
            assertTrue(out.contains("session ids    100.0 %"), out);
            String run = out.substring(out.indexOf("Session ids, the same nodes on engine=openssl"));
            // Connections 2..4 resumed, on Jetty and on Tomcat nodes.
            assertEquals(3, count(run, Pattern.compile("TLSv1\\.2\\s+YES")), out);
            assertTrue(Pattern.compile("(?m)^\\d+\\s+jetty-\\d\\s+TLSv1\\.2\\s+YES").matcher(run)
                    .find(), out);
            assertTrue(Pattern.compile("(?m)^\\d+\\s+tomcat-1\\s+TLSv1\\.2\\s+YES").matcher(run)
                    .find(), out);
        } else {
            assertTrue(out.contains("session ids    skipped: needs engine=openssl"), out);
            assertTrue(out.contains("Run ./demo with a JDK 22 or newer"), out);
        }
    }

    @Test
    void keepRunningPrintsTheAddressesServesAndStopsOnSigterm() throws Exception {
        Process p = demo("--connections", "2", "--keep-running").start();
        try {
            BufferedReader out = new BufferedReader(new InputStreamReader(p.getInputStream(),
                    StandardCharsets.UTF_8));
            StringBuilder seen = new StringBuilder();
            int balancer = -1;
            int nodes = 0;
            Pattern balancerLine = Pattern.compile("^balancer: 127\\.0\\.0\\.1:(\\d+)$");
            Pattern nodeLine = Pattern.compile("^node: (jetty-1|jetty-2|tomcat-1) 127\\.0\\.0\\.1:\\d+$");
            String line;
            while (nodes < 3 && (line = out.readLine()) != null) {
                seen.append(line).append('\n');
                Matcher m = balancerLine.matcher(line);
                if (m.matches()) {
                    balancer = Integer.parseInt(m.group(1));
                }
                nodes += nodeLine.matcher(line).matches() ? 1 : 0;
            }
            assertTrue(balancer > 0 && nodes == 3, seen.toString());

            Path session = OpenSslClient.sessionFile();
            OpenSslClient.connect(balancer, "tls1_3", null, session);
            assertTrue(OpenSslClient.connect(balancer, "tls1_3", session, null).reused(),
                    "a person's openssl resumes through the running demo's balancer");

            p.destroy(); // SIGTERM, as Ctrl-C's SIGINT: the shutdown hook stops the cluster
            assertTrue(p.waitFor(60, TimeUnit.SECONDS), "demo did not stop");
        } finally {
            p.destroyForcibly();
        }
    }

    private static int count(String text, Pattern pattern) {
        Matcher m = pattern.matcher(text);
        int n = 0;
        while (m.find()) {
            n++;
        }
        return n;
    }
}
