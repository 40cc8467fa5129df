package io.tlsresume.bench;

import io.tlsresume.testkit.Ports;
import io.tlsresume.testkit.TempFiles;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeUnit;

/**
 * The reference server of item 3: Debian's nginx with one worker and a ticket key from a file
 * ({@code ssl_session_ticket_key}, as a cluster of nginx would share it), an EC P-256
 * certificate like the nodes', on 127.0.0.1 with its own temporary prefix and configuration.
 */
final class Nginx implements AutoCloseable {
    private final Process process;
    private final int port;
    private final String version;

    private Nginx(Process process, int port, String version) {
        this.process = process;
        this.port = port;
        this.version = version;
    }

    /** Starts nginx, or says why not (not installed, failed to start). */
    static Nginx start(Path certificatePem, Path keyPem) throws IOException,
            InterruptedException {
        Optional<Path> binary = List.of("/usr/sbin/nginx", "/usr/bin/nginx").stream()
                .map(Path::of).filter(Files::isExecutable).findFirst();
        if (binary.isEmpty()) {
            throw new IllegalStateException("nginx is not installed (apt-get install -y nginx)");
        }
        Path prefix = TempFiles.directory("tlsresume-bench-nginx");
        byte[] ticketKey = new byte[80]; // AES-256 + HMAC, nginx's 80-byte key file format
        new SecureRandom().nextBytes(ticketKey);
        Files.write(prefix.resolve("ticket.key"), ticketKey);
        int port = Ports.free();
        String conf = """
                worker_processes 1;
                daemon off;
                pid %1$s/nginx.pid;
                error_log %1$s/error.log warn;
                events { worker_connections 1024; }
                http {
                    access_log off;
                    client_body_temp_path %1$s/body;
                    proxy_temp_path %1$s/proxy;
                    fastcgi_temp_path %1$s/fastcgi;
                    uwsgi_temp_path %1$s/uwsgi;
                    scgi_temp_path %1$s/scgi;
                    server {
                        listen 127.0.0.1:%2$d ssl;
                        ssl_certificate %3$s;
                        ssl_certificate_key %4$s;
                        ssl_protocols TLSv1.2 TLSv1.3;
                        ssl_session_tickets on;
                        ssl_session_ticket_key %1$s/ticket.key;
                        location / { return 200 "ok\\n"; }
                    }
                }
                """.formatted(prefix, port, certificatePem, keyPem);
        Path confFile = prefix.resolve("nginx.conf");
        Files.writeString(confFile, conf);
        Process version = new ProcessBuilder(binary.get().toString(), "-v")
                .redirectErrorStream(true).start();
        String versionText = new String(version.getInputStream().readAllBytes()).trim();
        version.waitFor(10, TimeUnit.SECONDS);
        Process process = new ProcessBuilder(binary.get().toString(), "-p", prefix.toString(),
                "-e", prefix.resolve("error.log").toString(), "-c", confFile.toString())
                .redirectErrorStream(true)
                .redirectOutput(prefix.resolve("stdout.log").toFile()).start();
        Runtime.getRuntime().addShutdownHook(new Thread(process::destroy, "bench-nginx-cleanup"));
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
        while (System.nanoTime() < deadline) {
            try (java.net.Socket s = new java.net.Socket("127.0.0.1", port)) {
                return new Nginx(process, port, versionText.replace("nginx version: ", ""));
            } catch (IOException notYet) {
                if (!process.isAlive()) {
                    break;
                }
                Thread.sleep(50);
            }
        }
        process.destroyForcibly();
        throw new IllegalStateException("nginx did not start: "
                + Files.readString(prefix.resolve("error.log")));
    }

    int port() {
        return port;
    }

    String version() {
        return version;
    }

    /** CPU time used so far by the master and its worker(s) together, read from /proc. */
    java.time.Duration cpuTime() {
        ProcessHandle master = process.toHandle();
        return java.util.stream.Stream.concat(java.util.stream.Stream.of(master),
                        master.descendants())
                .map(h -> h.info().totalCpuDuration().orElse(java.time.Duration.ZERO))
                .reduce(java.time.Duration.ZERO, java.time.Duration::plus);
    }

    @Override
    public void close() throws InterruptedException {
        process.destroy(); // SIGTERM: the master stops its worker
        if (!process.waitFor(10, TimeUnit.SECONDS)) {
            process.destroyForcibly();
        }
    }
}
