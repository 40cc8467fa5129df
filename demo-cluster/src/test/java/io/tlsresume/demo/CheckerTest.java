package io.tlsresume.demo;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.tlsresume.testkit.TestCertificates;
import io.tlsresume.testkit.TempFiles;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** The checker CLI as an operator runs it: a separate JVM, its output and its exit code. */
class CheckerTest {

    /** Runs the checker in its own JVM; returns exit code and output. */
    private static Object[] runChecker(String... args) throws IOException, InterruptedException {
        List<String> cmd = new ArrayList<>(List.of(
                Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-cp", System.getProperty("java.class.path"), Checker.class.getName()));
        cmd.addAll(List.of(args));
        Process p = new ProcessBuilder(cmd).redirectErrorStream(true).start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertTrue(p.waitFor(120, TimeUnit.SECONDS), "checker hung");
        return new Object[] {p.exitValue(), out};
    }

    @Test
    void reportsTheLowRateOfNodesWithoutSharedKeysAndFailsTheMinimum() throws Exception {
        try (DemoCluster plain = DemoCluster.start(TestCertificates.get().keyStore(),
                TestCertificates.PASSWORD, 2, 0, false, DemoCluster.BalancerKind.INTERNAL,
                Map.of())) {
            Object[] result = runChecker("localhost:" + plain.balancerPort(), "--count", "9",
                    "--tls", "1.3", "--cafile", TestCertificates.get().certificatePem().toString(),
                    "--min-rate", "0.9");
            String out = (String) result[1];
            assertEquals(1, result[0], out);
            assertTrue(out.contains("resumed 0 of 8 reconnections (0.0 %)"), out);
            assertTrue(out.contains("FAIL: below --min-rate 0.90"), out);
            assertTrue(out.contains("node jetty-1") && out.contains("node jetty-2"), out);
        }
    }

    @Test
    void passesTheMinimumAgainstASharedRing() throws Exception {
        try (DemoCluster shared = DemoCluster.start(TestCertificates.get().keyStore(),
                TestCertificates.PASSWORD, 2, 0, true, DemoCluster.BalancerKind.INTERNAL,
                Map.of())) {
            Object[] result = runChecker("localhost:" + shared.balancerPort(), "--count", "9",
                    "--tls", "1.2", "--insecure", "--interval", "100ms", "--min-rate", "0.9");
            String out = (String) result[1];
            assertEquals(0, result[0], out);
            assertTrue(out.contains("resumed 8 of 8 reconnections (100.0 %)"), out);
        }
    }

    @Test
    void sessionIdsOnlyResumeOnTheSameNode() throws Exception {
        // --no-tickets: TLS 1.2 session ids, which live in one node's cache (see the README).
        try (DemoCluster single = DemoCluster.start(TestCertificates.get().keyStore(),
                TestCertificates.PASSWORD, 1, 0, true, DemoCluster.BalancerKind.INTERNAL,
                Map.of())) {
            Object[] result = runChecker("localhost:" + single.balancerPort(), "--count", "4",
                    "--tls", "1.2", "--no-tickets", "--insecure");
            String out = (String) result[1];
            assertEquals(0, result[0], out);
            assertTrue(out.contains("resumed 3 of 3 reconnections"), out);
            assertTrue(out.contains("--no-tickets: " + CheckerOptions.NO_TICKETS_NOTE), out);
        }
    }

    @Test
    void noTicketsTextSaysWhereSessionIdsResume() throws Exception {
        // Session ids resume across nodes through the OpenSSL engine's cluster session store.
        String usage = (String) runChecker("localhost:1", "--no-such-option")[1];
        assertTrue(usage.contains(CheckerOptions.USAGE), usage);
        String option = usage.substring(usage.indexOf("--no-tickets"),
                usage.indexOf("--interval"));
        assertTrue(option.contains("cluster session store"), option);
        assertTrue(option.contains("engine=openssl (Tomcat, Java 22+)"), option);
        assertTrue(option.contains("TLS 1.3 is not affected"), option);
        for (String text : List.of(option, CheckerOptions.NO_TICKETS_NOTE)) {
            assertFalse(text.contains("not available") || text.contains("not yet")
                    || text.contains("cannot resume"), text);
        }
    }

    @ParameterizedTest(name = "{0}")
    @ValueSource(strings = {"--tickets-offered", "--no-tickets"})
    void worksAgainstAnyTlsServerSuchAsOpensslSServer(String tickets) throws Exception {
        // --no-tickets turns off the TLS 1.2 ticket extension only: TLS 1.3 still resumes.
        // A plain single TLS server that is not ours and names no node.
        Path dir = TempFiles.directory("tlsresume-s_server");
        Path key = dir.resolve("key.pem");
        Process export = new ProcessBuilder("openssl", "pkcs12", "-in",
                TestCertificates.get().keyStore().toString(), "-nodes", "-nocerts", "-passin",
                "pass:" + TestCertificates.PASSWORD, "-out", key.toString())
                .redirectErrorStream(true).start();
        export.getInputStream().readAllBytes();
        assertTrue(export.waitFor(30, TimeUnit.SECONDS) && export.exitValue() == 0);
        int port = io.tlsresume.testkit.Ports.free();
        Process server = new ProcessBuilder("openssl", "s_server", "-accept",
                "127.0.0.1:" + port, "-cert", TestCertificates.get().certificatePem().toString(),
                "-key", key.toString(), "-www").redirectErrorStream(true)
                .redirectOutput(ProcessBuilder.Redirect.DISCARD).start();
        try {
            waitForPort(port);
            List<String> args = new ArrayList<>(List.of("localhost:" + port, "--count", "5",
                    "--tls", "1.3", "--cafile", TestCertificates.get().certificatePem().toString(),
                    "--min-rate", "1"));
            if (tickets.equals("--no-tickets")) {
                args.add(tickets);
            }
            Object[] result = runChecker(args.toArray(String[]::new));
            String out = (String) result[1];
            assertEquals(0, result[0], out);
            assertTrue(out.contains("resumed 4 of 4 reconnections"), out);
            assertTrue(out.contains("node ?"), "no X-TLS-Node header: node unknown: " + out);
        } finally {
            server.destroyForcibly();
        }
    }

    private static void waitForPort(int port) throws InterruptedException {
        for (int i = 0; i < 100; i++) {
            try (java.net.Socket probe = new java.net.Socket("127.0.0.1", port)) {
                return;
            } catch (IOException notYet) {
                Thread.sleep(100);
            }
        }
        throw new AssertionError("openssl s_server did not listen on " + port);
    }

    @Test
    void badOptionsExitWithUsage() throws Exception {
        Object[] result = runChecker("localhost:1", "--tls", "1.1");
        assertEquals(2, result[0]);
        assertTrue(((String) result[1]).contains("--tls must be 1.2 or 1.3"), (String) result[1]);
        assertThrows(IllegalArgumentException.class,
                () -> CheckerOptions.parse(List.of("host:443", "--min-rate", "1.5")));
        assertThrows(IllegalArgumentException.class,
                () -> CheckerOptions.parse(List.of("host:443", "--cafile", "/x", "--insecure")));
        assertThrows(IllegalArgumentException.class, () -> CheckerOptions.parse(List.of("host")));
    }
}
