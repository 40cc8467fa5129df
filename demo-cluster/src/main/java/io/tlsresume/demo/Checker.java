package io.tlsresume.demo;

import io.tlsresume.testkit.ResumptionProbe;
import java.io.IOException;
import java.io.PrintStream;
import java.security.GeneralSecurityException;
import java.util.Arrays;
import java.util.Map;
import java.util.TreeMap;
import javax.net.ssl.SSLContext;

/**
 * Connects K times to one address (typically a balancer), offering the previous session each
 * time, and reports per connection which node answered (from an {@code X-TLS-Node} response
 * header, when the server sends one), the protocol, whether the CLIENT saw its session resumed,
 * and the handshake time; then the resumption rate and per-node counts. Works against any TLS
 * server that answers an HTTP GET. Exit code 1 when the rate is below {@code --min-rate}, 2 for
 * bad options.
 */
public final class Checker {
    private final CheckerOptions options;
    private final PrintStream out;

    /** The summary of one run. */
    record Summary(int reconnections, int resumed, int errors, Map<String, int[]> perNode) {
        double rate() {
            return reconnections == 0 ? 0 : (double) resumed / reconnections;
        }
    }

    Checker(CheckerOptions options, PrintStream out) {
        this.options = options;
        this.out = out;
    }

    public static void main(String[] args) {
        CheckerOptions options;
        try {
            options = CheckerOptions.parse(Arrays.asList(args));
        } catch (IllegalArgumentException e) {
            System.err.println("checker: " + e.getMessage());
            System.err.print(CheckerOptions.USAGE);
            System.exit(2);
            return;
        }
        if (!options.tickets()) {
            // Read once by the JDK when TLS first initializes: set it before anything else.
            System.setProperty("jdk.tls.client.enableSessionTicketExtension", "false");
        }
        try {
            Summary summary = new Checker(options, System.out).run();
            System.exit(summary.rate() < options.minRate() ? 1 : 0);
        } catch (GeneralSecurityException | IOException e) {
            System.err.println("checker: " + e.getMessage());
            System.exit(2);
        }
    }

    Summary run() throws GeneralSecurityException, IOException {
        SSLContext context = options.insecure() ? ClientTrust.insecure()
                : options.caFile() != null ? ClientTrust.pemFile(options.caFile())
                : ClientTrust.systemDefault();
        ResumptionProbe probe = new ResumptionProbe(context, options.protocol(),
                options.serverName());
        if (!options.tickets()) {
            out.println("--no-tickets: " + CheckerOptions.NO_TICKETS_NOTE);
        }
        out.printf("%-6s %-16s %-9s %-9s %s%n", "#", "node", "protocol", "resumed", "handshake");
        int resumed = 0;
        int errors = 0;
        Map<String, int[]> perNode = new TreeMap<>();
        long lastProgress = System.nanoTime();
        for (int i = 1; i <= options.count(); i++) {
            if (i > 1 && !options.interval().isZero()) {
                sleep(options.interval().toMillis());
            }
            try {
                ResumptionProbe.Observation o = probe.connect(i, options.host(), options.port());
                boolean reconnection = i > 1;
                boolean wasResumed = reconnection && o.clientSaysResumed();
                resumed += wasResumed ? 1 : 0;
                int[] counts = perNode.computeIfAbsent(o.node(), n -> new int[2]);
                counts[0]++;
                counts[1] += wasResumed ? 1 : 0;
                out.printf("%-6d %-16s %-9s %-9s %7.1f ms%n", i, o.node(), o.protocol(),
                        reconnection ? (wasResumed ? "yes" : "NO") : "first",
                        o.handshakeMillis());
            } catch (IOException e) {
                errors++;
                out.printf("%-6d %-16s error: %s%n", i, "-", e.getMessage());
            }
            if (System.nanoTime() - lastProgress > 10_000_000_000L) {
                lastProgress = System.nanoTime();
                System.err.printf("checker: %d of %d connections done, %d resumed%n", i,
                        options.count(), resumed);
            }
        }
        Summary summary = new Summary(options.count() - 1, resumed, errors, perNode);
        out.printf("%nresumed %d of %d reconnections (%.1f %%), %d errors%n", summary.resumed(),
                summary.reconnections(), summary.rate() * 100, errors);
        perNode.forEach((node, counts) -> out.printf("  node %-16s %d connections, %d resumed%n",
                node, counts[0], counts[1]));
        if (summary.rate() < options.minRate()) {
            out.printf("FAIL: below --min-rate %.2f%n", options.minRate());
        }
        return summary;
    }

    private static void sleep(long millis) {
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
