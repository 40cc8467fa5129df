package io.tlsresume.multihost;

import io.tlsresume.testkit.TempFiles;
import io.tlsresume.testkit.hosts.Host;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;

/**
 * One {@code openssl s_client} (TLS 1.2, tickets) reconnecting from inside a host to the node on
 * that host, offering its last session each time: the clients that still reach a host cut off
 * from the rest by a partition. Counts what happened.
 */
final class IslandClient implements AutoCloseable {
    private final Host host;
    private final int port;
    private final Path session;
    private final Thread thread;
    private final AtomicLong resumed = new AtomicLong();
    private final AtomicLong full = new AtomicLong();
    private final AtomicLong failed = new AtomicLong();
    private volatile String lastFailure = "";
    private volatile boolean running = true;

    IslandClient(Host host, int port) throws IOException {
        this.host = host;
        this.port = port;
        this.session = TempFiles.file("tlsresume-island", ".pem");
        Files.delete(session); // s_client writes it once the node sent a ticket
        this.thread = new Thread(this::run, "island-client-" + host.name());
        thread.setDaemon(true);
        thread.start();
    }

    private void run() {
        while (running) {
            try {
                connectOnce();
                Thread.sleep(50);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return;
            }
        }
    }

    private void connectOnce() throws InterruptedException {
        boolean offer = Files.exists(session);
        List<String> command = new java.util.ArrayList<>(List.of("openssl", "s_client",
                "-connect", host.address() + ":" + port, "-servername", "localhost", "-tls1_2",
                "-ign_eof", "-sess_out", session.toString()));
        if (offer) {
            command.addAll(List.of("-sess_in", session.toString()));
        }
        try {
            Process p = host.process(command).redirectErrorStream(true).start();
            p.getOutputStream().write("GET / HTTP/1.1\r\nHost: localhost\r\nConnection: close\r\n\r\n"
                    .getBytes(StandardCharsets.US_ASCII));
            p.getOutputStream().close();
            String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            if (!p.waitFor(30, TimeUnit.SECONDS)) {
                p.destroyForcibly();
            }
            if (out.contains("\nReused,")) {
                resumed.incrementAndGet();
            } else if (out.contains("\nNew,") && !out.contains("Cipher is (NONE)")) {
                full.incrementAndGet();
            } else {
                failed.incrementAndGet();
                lastFailure = out.length() > 400 ? out.substring(out.length() - 400) : out;
            }
        } catch (IOException e) {
            failed.incrementAndGet();
            lastFailure = e.toString();
        }
    }

    long resumed() {
        return resumed.get();
    }

    long full() {
        return full.get();
    }

    long failed() {
        return failed.get();
    }

    String lastFailure() {
        return lastFailure;
    }

    @Override
    public void close() throws InterruptedException {
        running = false;
        thread.join(TimeUnit.SECONDS.toMillis(40));
        TempFiles.delete(session);
    }
}
