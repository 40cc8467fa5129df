package io.tlsresume.demo;

import io.tlsresume.testkit.Ports;
import io.tlsresume.testkit.TempFiles;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * HAProxy from the system ({@code haproxy} on the PATH, e.g. Debian's package) in {@code mode tcp}
 * with {@code balance roundrobin} in front of the nodes: a real layer-4 balancer that never sees
 * inside TLS. Runs in the foreground as a child process with its own temporary config. Used by
 * the demo, its end-to-end test and the benchmark harness.
 */
public final class HaproxyBalancer implements AutoCloseable {
    private final Process process;
    private final int port;
    private final Path config;
    private final Path log;

    /** Starts HAProxy on a free port of 127.0.0.1 and waits until it listens. */
    public HaproxyBalancer(List<Integer> backendPorts) throws IOException, InterruptedException {
        this.port = Ports.free();
        this.config = TempFiles.file("tlsresume-haproxy", ".cfg");
        Files.writeString(config, config(port, backendPorts));
        this.log = TempFiles.file("tlsresume-haproxy", ".log");
        process = new ProcessBuilder("haproxy", "-db", "-f", config.toString())
                .redirectErrorStream(true).redirectOutput(log.toFile()).start();
        waitUntilListening(log);
    }

    /** The configuration: round robin over the backends, bytes passed through unchanged. */
    static String config(int port, List<Integer> backendPorts) {
        StringBuilder c = new StringBuilder("""
                global
                    maxconn 2000
                defaults
                    mode tcp
                    timeout connect 5s
                    timeout client 60s
                    timeout server 60s
                frontend tls
                """);
        c.append("    bind 127.0.0.1:").append(port).append('\n');
        c.append("    default_backend nodes\nbackend nodes\n    balance roundrobin\n");
        for (int i = 0; i < backendPorts.size(); i++) {
            c.append("    server node").append(i + 1).append(" 127.0.0.1:")
                    .append(backendPorts.get(i)).append('\n');
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

    /** The port clients connect to. */
    public int port() {
        return port;
    }

    private void waitUntilListening(Path log) throws IOException, InterruptedException {
        for (int i = 0; i < 100; i++) {
            if (!process.isAlive()) {
                throw new IOException("haproxy exited with " + process.exitValue() + ": "
                        + Files.readString(log));
            }
            try (Socket probe = new Socket()) {
                probe.connect(new InetSocketAddress("127.0.0.1", port), 200);
                return;
            } catch (IOException notYet) {
                Thread.sleep(100);
            }
        }
        process.destroyForcibly();
        throw new IOException("haproxy did not listen on 127.0.0.1:" + port + ": "
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
    }
}
