package io.tlsresume.testkit;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/** A {@link NodeMain} in a child JVM that a test can freeze (SIGSTOP), thaw and kill. */
public final class NodeProcess implements AutoCloseable {
    private final Process process;
    private final int tlsPort;
    private final StringBuilder log = new StringBuilder();
    private final Path logFile;

    public NodeProcess(List<String> settings) throws IOException {
        List<String> cmd = new ArrayList<>(List.of(
                Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-Xmx256m", "-Djava.io.tmpdir=" + System.getProperty("java.io.tmpdir"),
                "-D" + TestCertificates.DIR_PROPERTY + "="
                        + TestCertificates.get().dir(),
                "-cp", System.getProperty("java.class.path"),
                NodeMain.class.getName()));
        cmd.addAll(settings);
        logFile = TempFiles.file("tlsresume-node", ".log");
        process = new ProcessBuilder(cmd).redirectErrorStream(true).start();
        BufferedReader out = new BufferedReader(new InputStreamReader(process.getInputStream(),
                StandardCharsets.UTF_8));
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
        String line;
        int port = -1;
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
                try (var file = java.nio.file.Files.newBufferedWriter(logFile)) {
                    file.write(log.toString());
                    out.transferTo(file);
                }
            } catch (IOException ignored) {
                // the process ended
            }
        }, "node-process-drain");
        drain.setDaemon(true);
        drain.start();
    }

    /** Where the child's output goes (for failure messages). */
    public Path logFile() {
        return logFile;
    }

    public int tlsPort() {
        return tlsPort;
    }

    /** CPU time the child JVM has used so far, all threads (for per-handshake costs). */
    public java.time.Duration cpuTime() {
        return process.info().totalCpuDuration().orElseThrow(() -> new IllegalStateException(
                "this platform does not report the CPU time of process " + process.pid()));
    }

    /** SIGSTOP: the JVM is alive to the network but answers nothing, like a hung member. */
    public void freeze() {
        signal("STOP");
    }

    public void thaw() {
        signal("CONT");
    }

    private void signal(String name) {
        try {
            Process kill = new ProcessBuilder("kill", "-" + name, Long.toString(process.pid()))
                    .start();
            if (!kill.waitFor(10, TimeUnit.SECONDS) || kill.exitValue() != 0) {
                throw new IllegalStateException("kill -" + name + " failed");
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    @Override
    public void close() {
        if (!process.isAlive()) {
            return;
        }
        thaw();
        process.destroyForcibly();
        try {
            process.waitFor(10, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
