package io.tlsresume.core.ops;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.tlsresume.core.KeysCommand;
import io.tlsresume.core.ResumptionNode;
import io.tlsresume.core.ring.RingKey;
import io.tlsresume.testkit.NettyTestServer;
import io.tlsresume.testkit.NodeMain;
import io.tlsresume.testkit.OpenSslClient;
import io.tlsresume.testkit.Ports;
import io.tlsresume.testkit.TempFiles;
import io.tlsresume.testkit.TestCertificates;
import io.tlsresume.testkit.TestNodes;
import io.tlsresume.testkit.hosts.LoadFigures;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HashSet;
import java.util.HexFormat;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;

/**
 * {@link KeysCommand} as an operator runs it: its own JVM with only the core jar on the class
 * path, against a node in another JVM that runs the JDK's JMX agent on localhost with password
 * authentication; the other member of the cluster runs in this JVM.
 */
class KeysCommandTest {
    private static final String USER = "ops-admin";
    private static final Pattern ENCRYPTING = Pattern.compile("(\\S{8})\\s+encrypting");

    /** A node in a child JVM with remote JMX on 127.0.0.1, authenticated, no SSL. */
    private static final class JmxNode implements AutoCloseable {
        final Process process;
        final int tlsPort;
        final int jmxPort = Ports.free();
        final StringBuffer log = new StringBuffer();

        JmxNode(Path passwords, Path access, List<String> settings) throws IOException {
            List<String> cmd = new ArrayList<>(List.of(
                    Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                    "-Xmx256m", "-Djava.io.tmpdir=" + System.getProperty("java.io.tmpdir"),
                    "-D" + TestCertificates.DIR_PROPERTY + "=" + TestCertificates.get().dir(),
                    "-Dcom.sun.management.jmxremote.port=" + jmxPort,
                    "-Dcom.sun.management.jmxremote.rmi.port=" + jmxPort,
                    "-Dcom.sun.management.jmxremote.host=127.0.0.1",
                    "-Djava.rmi.server.hostname=127.0.0.1",
                    "-Dcom.sun.management.jmxremote.ssl=false",
                    "-Dcom.sun.management.jmxremote.authenticate=true",
                    "-Dcom.sun.management.jmxremote.password.file=" + passwords,
                    "-Dcom.sun.management.jmxremote.access.file=" + access,
                    "-cp", System.getProperty("java.class.path"), NodeMain.class.getName()));
            cmd.addAll(settings);
            process = new ProcessBuilder(cmd).redirectErrorStream(true).start();
            BufferedReader out = new BufferedReader(new InputStreamReader(
                    process.getInputStream(), StandardCharsets.UTF_8));
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
            int port = -1;
            String line;
            while (port < 0 && System.nanoTime() < deadline && (line = out.readLine()) != null) {
                log.append(line).append('\n');
                if (line.startsWith("READY ")) {
                    port = Integer.parseInt(line.substring(6).trim());
                }
            }
            if (port < 0) {
                process.destroyForcibly();
                throw new IllegalStateException("child node did not start:\n" + log);
            }
            tlsPort = port;
            Thread drain = new Thread(() -> {
                try {
                    String more;
                    while ((more = out.readLine()) != null) {
                        log.append(more).append('\n');
                    }
                } catch (IOException ignored) {
                    // the process ended
                }
            }, "jmx-node-drain");
            drain.setDaemon(true);
            drain.start();
        }

        @Override
        public void close() throws Exception {
            try {
                process.getOutputStream().write("stop\n".getBytes(StandardCharsets.US_ASCII));
                process.getOutputStream().close();
            } catch (IOException gone) {
                // already ended
            }
            if (!process.waitFor(20, TimeUnit.SECONDS)) {
                process.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
            }
        }
    }

    private record Run(int status, String out, String err) {
    }

    /** Runs the command in its own JVM with nothing but the core jar (or classes) on its path. */
    private static Run keys(String... args) throws Exception {
        Path core = Path.of(KeysCommand.class.getProtectionDomain().getCodeSource().getLocation()
                .toURI());
        List<String> cmd = new ArrayList<>(List.of(
                Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-cp", core.toString(), KeysCommand.class.getName()));
        cmd.addAll(List.of(args));
        Path out = TempFiles.file("keys-out", ".txt");
        Path err = TempFiles.file("keys-err", ".txt");
        Process p = new ProcessBuilder(cmd).redirectOutput(out.toFile()).redirectError(err.toFile())
                .start();
        if (!p.waitFor(60, TimeUnit.SECONDS)) {
            p.destroyForcibly();
            throw new IllegalStateException("KeysCommand hung: " + cmd);
        }
        Run run = new Run(p.exitValue(), Files.readString(out), Files.readString(err));
        TempFiles.delete(out);
        TempFiles.delete(err);
        return run;
    }

    @Test
    void operatorRevokesEveryKeyOfTheClusterFromTheCommandLineAsAJmxUser() throws Exception {
        // Two extra JVMs per run: the JDK 17 pass of CI runs it; nothing here depends on the JDK
        // (KeyOperationsTest checks the JMX principal on every JDK).
        Assumptions.assumeTrue(Runtime.version().feature() < 22, "KeysCommand runs in the JDK"
                + " 17 pass only (no JDK-specific code; saves two JVM starts per pass)");
        Path dir = TempFiles.directory("keys-jmx");
        Path passwords = ownerOnly(dir.resolve("jmxremote.password"), USER + " s3cret-pw\n");
        Path access = ownerOnly(dir.resolve("jmxremote.access"), USER + " readwrite\n");
        Path passwordFile = ownerOnly(dir.resolve("password"), "s3cret-pw\n");
        Path wrongPassword = ownerOnly(dir.resolve("wrong"), "guess\n");
        TestNodes nodes = new TestNodes(2);
        List<String> settings = new ArrayList<>();
        nodes.properties(0).forEach((name, value) -> settings.add(name + "=" + value));
        Set<String> secrets = ConcurrentHashMap.newKeySet();
        int connections = 0;
        int resumed = 0;
        int full = 0;
        try (JmxNode a = new JmxNode(passwords, access, settings);
                ResumptionNode b = ResumptionNode.start(nodes.settings(1));
                NettyTestServer serverB = new NettyTestServer("B",
                        b.newServerContext(List.of()))) {
            b.addKeyListener(keys -> keys.forEach(k -> {
                for (byte[] secret : List.of(k.hmacKey(), k.aesKey())) {
                    secrets.add(HexFormat.of().formatHex(secret));
                    secrets.add(Base64.getEncoder().encodeToString(secret));
                }
            }));
            String jmx = "127.0.0.1:" + a.jmxPort;
            String[] login = {"--jmx", jmx, "--user", USER, "--password-file",
                passwordFile.toString()};

            Run listed = null;
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
            while ((b.metrics().getClusterMembers() < 2 || b.metrics().isDegraded())
                    && System.nanoTime() < deadline) {
                Thread.sleep(20); // B joined A and holds the ring's keys: then ask A
            }
            while (System.nanoTime() < deadline) {
                listed = keys(concat(login, "ringKeys"));
                Matcher m = ENCRYPTING.matcher(listed.out());
                if (listed.status() == 0 && m.find() && !b.metrics().isDegraded()
                        && m.group(1).equals(b.metrics().getCurrentKeyFingerprint())) {
                    break;
                }
                Thread.sleep(200);
            }
            assertEquals(0, listed.status(), listed.err());
            assertTrue(listed.out().contains(b.metrics().getCurrentKeyFingerprint()
                    + "    encrypting"), "A and B share the encrypting key: " + listed.out());
            assertTrue(listed.out().contains(" next "), listed.out());
            assertFalse(secrets.isEmpty());
            for (String secret : secrets) {
                assertFalse(listed.out().toLowerCase().contains(secret.toLowerCase()),
                        "key bytes in " + listed.out());
            }
            Set<String> before = new HashSet<>();
            b.ringKeys().forEach(k -> before.add(k.fingerprint()));

            Path ticket = OpenSslClient.sessionFile();
            assertFalse(OpenSslClient.connect(a.tlsPort, "tls1_2", null, ticket).reused());
            assertTrue(OpenSslClient.connect(serverB.port(), "tls1_2", ticket, null).reused());
            connections += 2;
            full++;
            resumed++;

            Run refused = keys(concat(login, "revokeAll"));
            assertEquals(2, refused.status(), "revokeAll without --yes");
            assertTrue(refused.err().contains("--yes"), refused.err());
            Run wrong = keys("--jmx", jmx, "--user", USER, "--password-file",
                    wrongPassword.toString(), "rotateNow");
            assertEquals(2, wrong.status(), wrong.out() + wrong.err());

            long fullB = b.metrics().getFullHandshakes();
            Run revoked = keys(concat(login, "--yes", "revokeAll"));
            assertEquals(0, revoked.status(), revoked.err());
            Matcher fresh = Pattern.compile("revokeAll on node (\\S+): key ([0-9a-f]{8})"
                    + " encrypts now").matcher(revoked.out());
            assertTrue(fresh.find(), revoked.out());
            assertEquals(nodes.properties(0).get("nodeId"), fresh.group(1));
            String freshKey = fresh.group(2);
            deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
            while (!b.metrics().getCurrentKeyFingerprint().equals(freshKey)
                    && System.nanoTime() < deadline) {
                Thread.sleep(20);
            }
            assertEquals(freshKey, b.metrics().getCurrentKeyFingerprint());
            for (RingKey key : b.ringKeys()) {
                assertFalse(before.contains(key.fingerprint()), "B still holds " + key);
            }
            Run after = keys(concat(login, "ringKeys"));
            for (String old : before) {
                assertFalse(after.out().contains(old), "A still holds " + old + ":\n"
                        + after.out());
            }
            assertFalse(OpenSslClient.connect(serverB.port(), "tls1_2", ticket, null).reused(),
                    "the ticket from before gets a full handshake on B");
            assertFalse(OpenSslClient.connect(a.tlsPort, "tls1_2", ticket, null).reused(),
                    "and on A");
            connections += 2;
            full += 2;
            assertEquals(fullB + 1, b.metrics().getFullHandshakes());
            assertEquals(0, b.metrics().getFailedHandshakes());
            Path next = OpenSslClient.sessionFile();
            assertFalse(OpenSslClient.connect(a.tlsPort, "tls1_3", null, next).reused());
            assertTrue(OpenSslClient.connect(serverB.port(), "tls1_3", next, null).reused(),
                    "a new ticket resumes across nodes");
            connections += 2;
            full++;
            resumed++;

            String nodeA = nodes.properties(0).get("nodeId");
            deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
            String expected = "Key operation revokeAll by JMX principal '" + USER + "' on node "
                    + nodeA;
            while (!a.log.toString().contains(expected) && System.nanoTime() < deadline) {
                Thread.sleep(20);
            }
            assertTrue(a.log.toString().contains(expected), a.log.toString());
            for (String secret : secrets) {
                assertFalse(a.log.toString().toLowerCase().contains(secret.toLowerCase()),
                        "key bytes in the node's log");
            }
            // Client-side counts: the resumption a revocation must break is not a failure.
            String line = new LoadFigures(connections, resumed, full, 0, 0, 2).line(
                    "revokeAll-cli") + " server-full-B=" + b.metrics().getFullHandshakes()
                    + " server-resumed-B=" + b.metrics().getResumedHandshakes()
                    + " server-failed-B=" + b.metrics().getFailedHandshakes();
            io.tlsresume.testkit.ScenarioReport.record(line);
        } finally {
            TempFiles.delete(dir);
        }
    }

    private static String[] concat(String[] first, String... more) {
        List<String> all = new ArrayList<>(List.of(first));
        all.addAll(List.of(more));
        return all.toArray(String[]::new);
    }

    private static Path ownerOnly(Path file, String text) throws IOException {
        Files.writeString(file, text);
        // The JMX agent refuses a password file that others can read.
        Files.setPosixFilePermissions(file, PosixFilePermissions.fromString("rw-------"));
        return file;
    }
}
