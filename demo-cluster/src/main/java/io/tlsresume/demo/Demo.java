package io.tlsresume.demo;

import io.tlsresume.testkit.HaproxyBalancer;
import io.tlsresume.testkit.ResumptionProbe;
import io.tlsresume.testkit.TempFiles;
import java.io.IOException;
import java.io.InputStream;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.logging.Level;
import java.util.logging.Logger;
import javax.net.ssl.SSLContext;

/**
 * The README's first command. Starts two Jetty nodes and one Tomcat node that share one
 * ticket-key ring through embedded Hazelcast, puts a round-robin layer-4 balancer in front, and
 * connects a JDK client through it again and again: the connections go round the nodes and
 * resume after the first. Then it does the same with the same nodes NOT sharing a ring (the
 * baseline) and prints both rates. Exit code 0 when sharing resumed every reconnection and the
 * baseline fewer.
 *
 * <p>Options: {@code --keep-running} (stay up for trying curl/openssl by hand; Ctrl-C stops),
 * {@code --balancer internal|haproxy}, {@code --connections N} (per protocol, default 7).
 */
public final class Demo {
    private static final String STORE_PASSWORD = "demo-only";
    private static final PrintStream OUT = System.out;
    /** Held strongly: java.util.logging forgets the level of a logger nobody references. */
    private static final List<Logger> QUIETED = List.of(Logger.getLogger("com.hazelcast"),
            Logger.getLogger("org.eclipse.jetty"), Logger.getLogger("org.apache"),
            Logger.getLogger("io.tlsresume"));

    private Demo() {
    }

    public static void main(String[] args) throws Exception {
        boolean keepRunning = false;
        int connections = 7;
        DemoCluster.BalancerKind balancer = DemoCluster.BalancerKind.INTERNAL;
        try {
            for (int i = 0; i < args.length; i++) {
                switch (args[i]) {
                    case "--keep-running" -> keepRunning = true;
                    case "--connections" -> connections = Integer.parseInt(args[++i]);
                    case "--balancer" -> balancer = DemoCluster.BalancerKind.valueOf(
                            args[++i].toUpperCase(java.util.Locale.ROOT));
                    default -> throw new IllegalArgumentException("unknown option " + args[i]);
                }
            }
        } catch (RuntimeException e) {
            System.err.println("demo: " + e.getMessage() + "\nusage: ./demo [--keep-running]"
                    + " [--balancer internal|haproxy] [--connections N]");
            System.exit(2);
        }
        if (balancer == DemoCluster.BalancerKind.HAPROXY && !HaproxyBalancer.available()) {
            System.err.println("demo: --balancer haproxy needs haproxy on the PATH"
                    + " (Debian: apt-get install haproxy)");
            System.exit(2);
        }
        quietLogs();
        Path keyStore = extractKeyStore();
        SSLContext client = ClientTrust.keyStoreEntry(keyStore, STORE_PASSWORD.toCharArray(),
                "demo");

        double sharedRate;
        double baselineRate;
        try (DemoCluster shared = DemoCluster.start(keyStore, STORE_PASSWORD, 2, 1, true,
                balancer, Map.of())) {
            OUT.println("Shared ring: " + shared.describe());
            OUT.println("Balancer (" + balancer.name().toLowerCase(java.util.Locale.ROOT)
                    + ", round robin): 127.0.0.1:" + shared.balancerPort());
            sharedRate = run(shared, client, connections);
            if (keepRunning) {
                keepRunning(shared);
                return;
            }
        }
        try (DemoCluster separate = DemoCluster.start(keyStore, STORE_PASSWORD, 2, 1, false,
                balancer, Map.of())) {
            OUT.println();
            OUT.println("Baseline, the same nodes without a shared ring (cluster.mode=none)");
            baselineRate = run(separate, client, connections);
        }
        String skipped = SessionIdRun.whySkipped();
        double sessionIdRate = -1;
        if (skipped == null) {
            try (DemoCluster openssl = DemoCluster.start(keyStore, STORE_PASSWORD, 2, 1, true,
                    balancer, Map.of("engine", "openssl"))) {
                OUT.println();
                OUT.println("Session ids, the same nodes on engine=openssl (system OpenSSL 3):"
                        + " TLS 1.2, the servers issue no tickets, so the client can only"
                        + " resume by session id");
                sessionIdRate = run(openssl, client, connections, List.of("TLSv1.2"));
            }
        }
        OUT.println();
        OUT.println("Reconnections resumed through the round-robin balancer (client's view):");
        OUT.printf("  shared ring    %5.1f %%%n", sharedRate * 100);
        OUT.printf("  without it     %5.1f %%  (a reconnect never lands on the node that"
                + " issued the ticket)%n", baselineRate * 100);
        if (skipped == null) {
            OUT.printf("  session ids    %5.1f %%  (TLS 1.2 without tickets, Jetty and Tomcat"
                    + " on engine=openssl)%n", sessionIdRate * 100);
        } else {
            OUT.println("  session ids    skipped: " + skipped);
        }
        boolean ok = sharedRate >= 0.999 && baselineRate < sharedRate
                && (skipped != null || sessionIdRate >= 0.999);
        System.exit(ok ? 0 : 1);
    }

    /** Runs the probe for TLS 1.2 and 1.3 and returns the client-side resumption rate. */
    private static double run(DemoCluster cluster, SSLContext client, int connections)
            throws IOException {
        return run(cluster, client, connections, List.of("TLSv1.2", "TLSv1.3"));
    }

    /** Runs the probe for {@code protocols} and returns the client-side resumption rate. */
    private static double run(DemoCluster cluster, SSLContext client, int connections,
            List<String> protocols) throws IOException {
        int reconnections = 0;
        int resumed = 0;
        OUT.println();
        OUT.printf("%-4s %-10s %-9s %-18s %-18s %s%n", "#", "node", "protocol",
                "resumed (client)", "resumed (server)", "handshake");
        for (String protocol : protocols) {
            ResumptionProbe probe = new ResumptionProbe(client, protocol, "localhost");
            for (int i = 1; i <= connections; i++) {
                ResumptionProbe.Observation o = probe.connect(i, "127.0.0.1",
                        cluster.balancerPort());
                OUT.printf("%-4d %-10s %-9s %-18s %-18s %6.1f ms%n", i, o.node(), o.protocol(),
                        i == 1 ? "no (first)" : o.clientSaysResumed() ? "YES" : "no",
                        o.serverSaysResumed(), o.handshakeMillis());
                if (i > 1) {
                    reconnections++;
                    resumed += o.clientSaysResumed() ? 1 : 0;
                }
            }
        }
        for (DemoNode node : cluster.nodes()) {
            long[] counts = node.handshakes();
            long hits = node.storeHits();
            OUT.printf("  %-10s counted %d full + %d resumed handshakes%s%n", node.name(),
                    counts[0], counts[1], hits < 0 ? ""
                            : ", resumed " + hits + " sessions from the cluster store");
        }
        return reconnections == 0 ? 0 : (double) resumed / reconnections;
    }

    private static void keepRunning(DemoCluster cluster) throws InterruptedException {
        OUT.println();
        OUT.println("balancer: 127.0.0.1:" + cluster.balancerPort());
        for (DemoNode node : cluster.nodes()) {
            OUT.println("node: " + node.name() + " 127.0.0.1:" + node.port());
        }
        OUT.println("Try: curl -sk --http2 -i https://localhost:" + cluster.balancerPort() + "/"
                + "   or: openssl s_client -connect 127.0.0.1:" + cluster.balancerPort()
                + " -sess_out s.pem ... then -sess_in s.pem.  Ctrl-C stops.");
        CountDownLatch stopped = new CountDownLatch(1);
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            try {
                cluster.close();
            } catch (Exception e) {
                System.err.println("stop: " + e);
            }
            stopped.countDown();
        }, "demo-stop"));
        stopped.await();
    }

    private static Path extractKeyStore() throws IOException {
        Path file = TempFiles.file("tlsresume-demo", ".p12");
        try (InputStream in = Demo.class.getResourceAsStream("/demo-keystore.p12")) {
            Files.copy(in, file, StandardCopyOption.REPLACE_EXISTING);
        }
        return file;
    }

    /** The demo prints its own table; servers and Hazelcast only speak up for problems. */
    private static void quietLogs() {
        QUIETED.forEach(logger -> logger.setLevel(
                logger.getName().equals("com.hazelcast") ? Level.SEVERE : Level.WARNING));
    }
}
