package io.tlsresume.testkit;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.StandardProtocolFamily;
import java.net.UnixDomainSocketAddress;
import java.nio.ByteBuffer;
import java.nio.channels.SocketChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * HAProxy from the system ({@code haproxy} on the PATH, e.g. Debian's package) in {@code mode tcp}
 * with {@code balance roundrobin} in front of the nodes: a real layer-4 balancer that never sees
 * inside TLS. Runs in the foreground as a child process with its own temporary config. Used by
 * the demo, its end-to-end test, the benchmark harness and the multi-host scenarios.
 *
 * <p>With health checks ({@code check inter 500ms fall 2 rise 2}: a TCP connect every 500 ms; two
 * failures take a backend out, two successes put it back) a backend that stops accepting is
 * taken out within about a second, and a connection that finds it refusing meanwhile is retried
 * on another backend ({@code option redispatch 1}, {@code retries 2}, {@code timeout connect 1s})
 * as a production balancer is configured.
 */
public final class HaproxyBalancer implements AutoCloseable {
    private final Process process;
    private final String address;
    private final int port;
    private final Path config;
    private final Path log;
    /** HAProxy's runtime API (admin level), for draining a backend before it stops. */
    private final Path adminDirectory;
    private final Path adminSocket;

    /** Starts HAProxy on a free port of 127.0.0.1 in front of backends on 127.0.0.1. */
    public HaproxyBalancer(List<Integer> backendPorts) throws IOException, InterruptedException {
        this("127.0.0.1", Ports.free(),
                backendPorts.stream().map(p -> "127.0.0.1:" + p).toList(), false);
    }

    /**
     * Starts HAProxy on {@code bindAddress} (a free port of it) in front of {@code backends}
     * ({@code host:port} each), with health checks if {@code healthChecks}, and waits until it
     * listens.
     */
    public HaproxyBalancer(String bindAddress, List<String> backends, boolean healthChecks)
            throws IOException, InterruptedException {
        this(bindAddress, Ports.free(), backends, healthChecks);
    }

    private HaproxyBalancer(String bindAddress, int port, List<String> backends,
            boolean healthChecks) throws IOException, InterruptedException {
        this.address = bindAddress;
        this.port = port;
        this.config = TempFiles.file("tlsresume-haproxy", ".cfg");
        this.adminDirectory = TempFiles.directory("tlsresume-haproxy");
        this.adminSocket = adminDirectory.resolve("admin.sock");
        Files.writeString(config, config(bindAddress, port, backends, healthChecks)
                .replace("global\n", "global\n    stats socket " + adminSocket
                        + " mode 600 level admin\n"));
        this.log = TempFiles.file("tlsresume-haproxy", ".log");
        process = new ProcessBuilder("haproxy", "-db", "-f", config.toString())
                .redirectErrorStream(true).redirectOutput(log.toFile()).start();
        waitUntilListening(log);
    }

    /**
     * The configuration: round robin over the backends, bytes passed through unchanged (public
     * so a test can hold the docs' HAProxy snippet against it).
     */
    public static String config(String bindAddress, int port, List<String> backends,
            boolean healthChecks) {
        StringBuilder c = new StringBuilder("""
                global
                    maxconn 2000
                defaults
                    mode tcp
                    timeout connect %s
                    timeout client 60s
                    timeout server 60s
                """.formatted(healthChecks ? "1s" : "5s"));
        if (healthChecks) {
            c.append("    retries 2\n    option redispatch 1\n");
        }
        c.append("frontend tls\n");
        c.append("    bind ").append(bindAddress).append(':').append(port).append('\n');
        c.append("    default_backend nodes\nbackend nodes\n    balance roundrobin\n");
        for (int i = 0; i < backends.size(); i++) {
            c.append("    server node").append(i + 1).append(' ').append(backends.get(i));
            if (healthChecks) {
                c.append(" check inter 500ms fall 2 rise 2");
            }
            c.append('\n');
        }
        return c.toString();
    }

    /** Whether an {@code haproxy} binary can be run here. */
    public static boolean available() {
        try {
            Process p = new ProcessBuilder("haproxy", "-v").redirectErrorStream(true).start();
            p.getInputStream().readAllBytes();
            return p.waitFor(10, TimeUnit.SECONDS) && p.exitValue() == 0;
        } catch (IOException e) {
            return false;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return false;
        }
    }

    /** The address clients connect to. */
    public String address() {
        return address;
    }

    /** The port clients connect to. */
    public int port() {
        return port;
    }

    /**
     * Takes backend {@code index} (0-based, in the constructor's order) out of rotation the way
     * an operator does before stopping a node ({@code set server nodes/nodeN state drain} on the
     * runtime API): no new connection goes to it, those under way continue. Then waits, at most
     * {@code timeout}, until it has none left, so that the node can close its port without
     * resetting a connection the balancer had just handed it.
     *
     * @return whether every connection to it ended within {@code timeout}
     */
    public boolean drain(int index, Duration timeout) throws IOException, InterruptedException {
        command("set server nodes/" + serverName(index) + " state drain");
        long deadline = System.nanoTime() + timeout.toNanos();
        while (currentConnections(index) > 0) {
            if (System.nanoTime() > deadline) {
                return false;
            }
            Thread.sleep(50);
        }
        return true;
    }

    /** Puts backend {@code index} back into rotation ({@code state ready}) after a drain. */
    public void ready(int index) throws IOException {
        command("set server nodes/" + serverName(index) + " state ready");
    }

    /** Connections open to backend {@code index} now ({@code scur} of {@code show stat}). */
    public int currentConnections(int index) throws IOException {
        for (String line : command("show stat").split("\n")) {
            String[] fields = line.split(",");
            if (fields.length > 4 && fields[0].equals("nodes")
                    && fields[1].equals(serverName(index))) {
                return Integer.parseInt(fields[4]);
            }
        }
        throw new IOException("haproxy has no server " + serverName(index));
    }

    private static String serverName(int index) {
        return "node" + (index + 1);
    }

    /** One command on the runtime API; its answer. */
    private String command(String command) throws IOException {
        try (SocketChannel channel = SocketChannel.open(StandardProtocolFamily.UNIX)) {
            channel.connect(UnixDomainSocketAddress.of(adminSocket));
            channel.write(ByteBuffer.wrap((command + "\n").getBytes(StandardCharsets.US_ASCII)));
            ByteArrayOutputStream answer = new ByteArrayOutputStream();
            ByteBuffer buffer = ByteBuffer.allocate(8192);
            while (channel.read(buffer) >= 0) {
                answer.write(buffer.array(), 0, buffer.position());
                buffer.clear();
            }
            String text = answer.toString(StandardCharsets.US_ASCII);
            if (!command.startsWith("show") && !text.isBlank()) {
                throw new IOException("haproxy refused '" + command + "': " + text.trim());
            }
            return text;
        }
    }

    /** HAProxy's output so far (server up/down lines, for failure messages). */
    public String log() {
        try {
            return Files.readString(log);
        } catch (IOException e) {
            return "(unreadable: " + e + ")";
        }
    }

    private void waitUntilListening(Path log) throws IOException, InterruptedException {
        for (int i = 0; i < 100; i++) {
            if (!process.isAlive()) {
                throw new IOException("haproxy exited with " + process.exitValue() + ": "
                        + Files.readString(log));
            }
            try (Socket probe = new Socket()) {
                probe.connect(new InetSocketAddress(address, port), 200);
                return;
            } catch (IOException notYet) {
                Thread.sleep(100);
            }
        }
        process.destroyForcibly();
        throw new IOException("haproxy did not listen on " + address + ":" + port + ": "
                + Files.readString(log));
    }

    @Override
    public void close() throws InterruptedException {
        process.destroy();
        if (!process.waitFor(10, TimeUnit.SECONDS)) {
            process.destroyForcibly();
        }
        TempFiles.delete(config);
        TempFiles.delete(log);
        TempFiles.delete(adminDirectory);
    }
}
