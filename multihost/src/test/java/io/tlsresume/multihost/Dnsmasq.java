package io.tlsresume.multihost;

import io.tlsresume.testkit.TempFiles;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.stream.Collectors;

/**
 * A DNS server (Debian's {@code dnsmasq}) on one address that answers one name with several
 * addresses, the way a Kubernetes headless Service's name resolves to its pods' IPs. It answers
 * only that name (no upstream servers, no /etc/hosts) and logs every query.
 */
final class Dnsmasq implements AutoCloseable {
    private final Process process;
    private final Path hosts;
    private final Path log;

    private Dnsmasq(Process process, Path hosts, Path log) {
        this.process = process;
        this.hosts = hosts;
        this.log = log;
    }

    /** Where dnsmasq is, or null when it is not installed (Debian: dnsmasq-base). */
    static Path binary() {
        for (String dir : List.of("/usr/sbin", "/usr/bin", "/sbin", "/bin")) {
            Path candidate = Path.of(dir, "dnsmasq");
            if (Files.isExecutable(candidate)) {
                return candidate;
            }
        }
        return null;
    }

    /**
     * Starts dnsmasq on {@code listen} (port 53, which resolv.conf cannot change) answering
     * {@code name} with {@code addresses}, and waits until it serves.
     */
    static Dnsmasq start(String listen, String name, List<String> addresses)
            throws IOException, InterruptedException {
        Path hosts = TempFiles.file("tlsresume-dns", ".hosts");
        Files.writeString(hosts, addresses.stream().map(a -> a + " " + name + "\n")
                .collect(Collectors.joining()));
        Path log = TempFiles.file("tlsresume-dnsmasq", ".log");
        String domain = name.substring(name.indexOf('.') + 1);
        Process process = new ProcessBuilder(binary().toString(), "--no-daemon",
                "--conf-file=/dev/null", "--pid-file", "--no-resolv", "--no-hosts",
                "--listen-address=" + listen, "--bind-interfaces", "--addn-hosts=" + hosts,
                // Names under the domain that are not listed get NXDOMAIN, not REFUSED.
                "--local=/" + domain + "/", "--log-queries", "--log-facility=-")
                .redirectErrorStream(true).redirectOutput(log.toFile()).start();
        Dnsmasq dns = new Dnsmasq(process, hosts, log);
        long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
        while (!dns.log().contains("read " + hosts)) {
            if (!process.isAlive() || System.nanoTime() > deadline) {
                dns.close();
                throw new IllegalStateException("dnsmasq did not start on " + listen + ":\n"
                        + dns.log());
            }
            Thread.sleep(50);
        }
        return dns;
    }

    /** Its output so far: start-up lines and one line per query and answer. */
    String log() {
        try {
            return Files.exists(log) ? Files.readString(log) : "";
        } catch (IOException e) {
            return "(log unreadable: " + e + ")";
        }
    }

    /** Stops dnsmasq and deletes its hosts file and log. */
    @Override
    public void close() throws InterruptedException {
        process.destroy();
        if (!process.waitFor(10, java.util.concurrent.TimeUnit.SECONDS)) {
            process.destroyForcibly().waitFor();
        }
        TempFiles.delete(hosts);
        TempFiles.delete(log);
    }
}
