package io.tlsresume.testkit.hosts;

import io.tlsresume.testkit.NodeMain;
import io.tlsresume.testkit.TempFiles;
import io.tlsresume.testkit.TestCertificates;
import java.io.BufferedReader;
import java.io.BufferedWriter;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.OutputStreamWriter;
import java.io.UncheckedIOException;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;

/**
 * A {@link NodeMain} in its own JVM on a {@link Host} ({@code ip netns exec}), serving TLS on the
 * host's address and {@link #TLS_PORT} (the same port across restarts, so a balancer's backend
 * stays valid). The caller passes the node's settings as a multi-host user sets them (the
 * {@code multihost} module's {@code MultiHostCluster} takes them from docs/operations.md). The
 * child's output goes to {@link #logFile()}; metrics and the ring fingerprint are asked for on
 * its stdin.
 */
public final class HostedNode implements AutoCloseable {
    /** The TLS port every hosted node listens on (each host has its own network stack). */
    public static final int TLS_PORT = 8443;
    private static final long READY_SECONDS = 180;
    private static final long REPLY_SECONDS = 30;

    private final Host host;
    private final Process process;
    private final Path logFile;
    private final BlockingQueue<String> replies = new LinkedBlockingQueue<>();
    private final Writer commands;
    private final int tlsPort;

    private HostedNode(Host host, Process process, Path logFile, int tlsPort) {
        this.host = host;
        this.process = process;
        this.logFile = logFile;
        this.tlsPort = tlsPort;
        this.commands = new BufferedWriter(new OutputStreamWriter(process.getOutputStream(),
                StandardCharsets.UTF_8));
    }

    /**
     * Starts a node on {@code host} with {@code settings} ({@code name=value}, as NodeMain reads
     * them; {@code --tls-port=N} overrides {@link #TLS_PORT}) and waits until it prints READY.
     *
     * @param env extra environment for the child (e.g. {@code LD_PRELOAD} of libfaketime)
     * @throws IllegalStateException with the child's output if it does not become ready
     */
    public static HostedNode start(Host host, List<String> settings, Map<String, String> env) {
        List<String> command = new ArrayList<>(List.of(
                Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-Xmx192m", "-XX:+UseSerialGC", "-XX:TieredStopAtLevel=1",
                "-Djava.io.tmpdir=" + System.getProperty("java.io.tmpdir"),
                "-Djava.net.preferIPv4Stack=true",
                "-D" + TestCertificates.DIR_PROPERTY + "=" + TestCertificates.get().dir(),
                "-cp", System.getProperty("java.class.path"),
                NodeMain.class.getName()));
        if (settings.stream().noneMatch(s -> s.startsWith("--tls-port="))) {
            command.add("--tls-port=" + TLS_PORT);
        }
        command.addAll(settings);
        ProcessBuilder builder = host.process(command).redirectErrorStream(true);
        builder.environment().putAll(env);
        try {
            Path log = TempFiles.file("tlsresume-" + host.name(), ".log");
            HostedNode node = new HostedNode(host, builder.start(), log, readPort(settings));
            node.awaitReady();
            return node;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static int readPort(List<String> settings) {
        return settings.stream().filter(s -> s.startsWith("--tls-port="))
                .map(s -> Integer.parseInt(s.substring("--tls-port=".length())))
                .findFirst().orElse(TLS_PORT);
    }

    private void awaitReady() throws IOException {
        BlockingQueue<String> ready = new LinkedBlockingQueue<>();
        Thread reader = new Thread(() -> {
            try (BufferedReader out = new BufferedReader(new InputStreamReader(
                    process.getInputStream(), StandardCharsets.UTF_8));
                    Writer file = Files.newBufferedWriter(logFile)) {
                String line;
                while ((line = out.readLine()) != null) {
                    file.write(line + "\n");
                    file.flush();
                    if (line.startsWith("READY ")) {
                        ready.add(line);
                    } else if (line.startsWith("METRICS ") || line.startsWith("FINGERPRINT ")
                            || line.startsWith("STOPPED") || line.startsWith("UNKNOWN ")) {
                        replies.add(line);
                    }
                }
            } catch (IOException ended) {
                // the child is gone; waiters time out or see it dead
            }
            ready.add("EXITED");
        }, "hosted-node-" + host.name());
        reader.setDaemon(true);
        reader.start();
        String line;
        try {
            line = ready.poll(READY_SECONDS, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            line = null;
        }
        if (line == null || !line.startsWith("READY ")) {
            process.destroyForcibly();
            throw new IllegalStateException("node on " + host + " did not become ready ("
                    + (line == null ? "timeout" : "exited") + "):\n" + log());
        }
    }

    /** The host it runs on. */
    public Host host() {
        return host;
    }

    /** The TLS port on {@code host().address()}. */
    public int tlsPort() {
        return tlsPort;
    }

    /** {@code address:port} of its TLS port, e.g. for a balancer's backend. */
    public String tlsAddress() {
        return host.address() + ":" + tlsPort;
    }

    /** Where the child's output goes. */
    public Path logFile() {
        return logFile;
    }

    /** The child's output so far (for failure messages). */
    public String log() {
        try {
            return Files.exists(logFile) ? Files.readString(logFile) : "";
        } catch (IOException e) {
            return "(log unreadable: " + e + ")";
        }
    }

    /** Whether the child JVM still runs. */
    public boolean isAlive() {
        return process.isAlive();
    }

    /**
     * The node's counters by their JMX attribute name (docs/metrics.md's attribute column:
     * {@code FullHandshakes}, {@code ResumedHandshakes}, {@code FailedHandshakes},
     * {@code ClusterMembers}, booleans such as {@code Degraded} as 0/1), read from the child.
     */
    public Map<String, Long> metrics() {
        String reply = ask("metrics", "METRICS ");
        Map<String, Long> values = new LinkedHashMap<>();
        for (String pair : reply.substring("METRICS ".length()).trim().split(" ")) {
            int eq = pair.indexOf('=');
            if (eq > 0) {
                values.put(pair.substring(0, eq), Long.parseLong(pair.substring(eq + 1)));
            }
        }
        return values;
    }

    /** The child's current ticket-key fingerprint ({@code -} before it has a key). */
    public String currentKeyFingerprint() {
        return ask("fingerprint", "FINGERPRINT ").substring("FINGERPRINT ".length()).trim();
    }

    private synchronized String ask(String command, String prefix) {
        if (!process.isAlive()) {
            throw new IllegalStateException("node on " + host + " is not running:\n" + log());
        }
        try {
            replies.clear();
            commands.write(command + "\n");
            commands.flush();
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(REPLY_SECONDS);
            while (System.nanoTime() < deadline) {
                String line = replies.poll(1, TimeUnit.SECONDS);
                if (line != null && line.startsWith(prefix)) {
                    return line;
                }
                if (line == null && !process.isAlive()) {
                    break;
                }
            }
        } catch (IOException e) {
            throw new IllegalStateException("node on " + host + " did not take '" + command
                    + "': " + e + "\n" + log(), e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        throw new IllegalStateException("node on " + host + " did not answer '" + command
                + "':\n" + log());
    }

    /** Graceful: the node closes (leaves the cluster) and its JVM exits; waits for that. */
    public synchronized void stop() {
        if (!process.isAlive()) {
            return;
        }
        try {
            commands.write("stop\n");
            commands.flush();
            if (!process.waitFor(60, TimeUnit.SECONDS)) {
                process.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
                throw new IllegalStateException("node on " + host
                        + " did not stop within 60 s:\n" + log());
            }
        } catch (IOException e) {
            process.destroyForcibly();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            process.destroyForcibly();
        }
    }

    /** {@code kill -9}: the JVM dies at once, leaving the cluster without a word. */
    public void kill() {
        process.destroyForcibly();
        try {
            process.waitFor(30, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    /**
     * Kills the child if it still runs (tests stop nodes themselves when it matters) and deletes
     * its log.
     */
    @Override
    public void close() {
        if (process.isAlive()) {
            kill();
        }
        TempFiles.delete(logFile);
    }

    @Override
    public String toString() {
        return "HostedNode[" + host + " pid " + process.pid() + "]";
    }
}
