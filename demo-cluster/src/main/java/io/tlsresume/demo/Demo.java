package io.tlsresume.demo;

import io.tlsresume.core.tools.RoundRobinBalancer;
import java.io.IOException;
import java.io.InputStream;
import java.io.PrintStream;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CountDownLatch;
import java.util.logging.Level;
import java.util.logging.Logger;
import javax.net.ssl.SSLContext;

/**
 * The README's first command. Starts two Jetty nodes that share one ticket-key ring through
 * embedded Hazelcast, puts a round-robin TCP balancer in front, and connects a JDK client through
 * it again and again: the connections alternate between the nodes and resume after the first.
 * Then it does the same with two nodes that do NOT share a ring (the baseline) and prints both
 * rates. Exit code 0 when sharing resumed (nearly) every reconnection and the baseline did not.
 *
 * <p>Options: {@code --keep-running} (stay up for trying curl/openssl by hand; Ctrl-C stops),
 * {@code --connections N} (per protocol, default 6).
 */
public final class Demo {
    private static final String STORE_PASSWORD = "demo-only";
    private static final PrintStream OUT = System.out;

    private Demo() {
    }

    public static void main(String[] args) throws Exception {
        boolean keepRunning = false;
        int connections = 6;
        for (int i = 0; i < args.length; i++) {
            switch (args[i]) {
                case "--keep-running" -> keepRunning = true;
                case "--connections" -> connections = Integer.parseInt(args[++i]);
                default -> {
                    System.err.println("unknown option " + args[i]
                            + " (known: --keep-running, --connections N)");
                    System.exit(2);
                }
            }
        }
        quietLogs();
        Path keyStore = extractKeyStore();
        SSLContext client = ClientTrust.keyStoreEntry(keyStore, STORE_PASSWORD.toCharArray(),
                "demo");

        double sharedRate;
        double baselineRate;
        try (Cluster shared = Cluster.start(keyStore, true)) {
            OUT.println("Shared ring: nodes " + shared.describe() + " behind balancer 127.0.0.1:"
                    + shared.balancer.port());
            sharedRate = run(shared, client, connections);
            if (keepRunning) {
                keepRunning(shared);
                return;
            }
        }
        try (Cluster separate = Cluster.start(keyStore, false)) {
            OUT.println();
            OUT.println("Baseline, no shared ring (cluster.mode=none): nodes "
                    + separate.describe());
            baselineRate = run(separate, client, connections);
        }
        OUT.println();
        OUT.printf("Resumed reconnections through the round-robin balancer:%n");
        OUT.printf("  shared ring    %5.1f %%%n", sharedRate * 100);
        OUT.printf("  without it     %5.1f %%  (each reconnect lands on the other node)%n",
                baselineRate * 100);
        System.exit(sharedRate >= 0.99 && baselineRate < sharedRate ? 0 : 1);
    }

    /** Runs the probe for TLS 1.2 and 1.3 and returns the client-side resumption rate. */
    private static double run(Cluster cluster, SSLContext client, int connections)
            throws IOException {
        int reconnections = 0;
        int resumed = 0;
        OUT.println();
        OUT.printf("%-4s %-8s %-9s %-18s %-18s %s%n", "#", "node", "protocol",
                "resumed (client)", "resumed (server)", "handshake");
        for (String protocol : List.of("TLSv1.2", "TLSv1.3")) {
            ResumptionProbe probe = new ResumptionProbe(client, protocol, "localhost");
            for (int i = 1; i <= connections; i++) {
                ResumptionProbe.Observation o = probe.connect(i, "127.0.0.1",
                        cluster.balancer.port());
                OUT.printf("%-4d %-8s %-9s %-18s %-18s %6.1f ms%n", i, o.node(), o.protocol(),
                        i == 1 ? "no (first)" : o.clientSaysResumed() ? "YES" : "no",
                        o.serverSaysResumed(), o.handshakeMillis());
                if (i > 1) {
                    reconnections++;
                    resumed += o.clientSaysResumed() ? 1 : 0;
                }
            }
        }
        for (DemoNode node : cluster.nodes) {
            long[] counts = node.handshakes();
            OUT.printf("  %s counted %d full + %d resumed handshakes%n", node.name(), counts[0],
                    counts[1]);
        }
        return reconnections == 0 ? 0 : (double) resumed / reconnections;
    }

    private static void keepRunning(Cluster cluster) throws InterruptedException {
        OUT.println();
        OUT.println("balancer: 127.0.0.1:" + cluster.balancer.port());
        for (DemoNode node : cluster.nodes) {
            OUT.println("node: " + node.name() + " 127.0.0.1:" + node.port());
        }
        OUT.println("Try: curl -sk --http2 https://localhost:" + cluster.balancer.port()
                + "/ -i    (Ctrl-C stops)");
        CountDownLatch stop = new CountDownLatch(1);
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            try {
                cluster.close();
            } catch (Exception e) {
                System.err.println("stop: " + e);
            }
            stop.countDown();
        }));
        stop.await();
    }

    /** Two nodes and a balancer; {@code shared} decides whether they share one ring. */
    private record Cluster(List<DemoNode> nodes, RoundRobinBalancer balancer)
            implements AutoCloseable {

        static Cluster start(Path keyStore, boolean shared) throws Exception {
            int[] ports = {freePort(), freePort()};
            String members = "127.0.0.1:" + ports[0] + ",127.0.0.1:" + ports[1];
            String clusterName = "tlsresume-demo-" + UUID.randomUUID();
            List<DemoNode> nodes = new ArrayList<>();
            for (int i = 0; i < 2; i++) {
                Map<String, String> settings = new LinkedHashMap<>();
                settings.put("cluster.mode", shared ? "member" : "none");
                settings.put("cluster.name", clusterName);
                settings.put("cluster.members", members);
                settings.put("cluster.port", String.valueOf(ports[i]));
                nodes.add(new DemoNode((shared ? "A" : "C") + (char) ('0' + i + 1), keyStore,
                        STORE_PASSWORD, settings));
            }
            return new Cluster(nodes,
                    new RoundRobinBalancer(nodes.stream().map(DemoNode::port).toList()));
        }

        String describe() {
            return String.join(", ", nodes.stream()
                    .map(n -> n.name() + "=127.0.0.1:" + n.port()).toList());
        }

        @Override
        public void close() throws Exception {
            balancer.close();
            for (DemoNode node : nodes) {
                node.close();
            }
        }
    }

    private static int freePort() throws IOException {
        try (ServerSocket socket = new ServerSocket(0)) {
            return socket.getLocalPort();
        }
    }

    private static Path extractKeyStore() throws IOException {
        Path file = Files.createTempFile("tlsresume-demo", ".p12");
        file.toFile().deleteOnExit();
        try (InputStream in = Demo.class.getResourceAsStream("/demo-keystore.p12")) {
            Files.copy(in, file, StandardCopyOption.REPLACE_EXISTING);
        }
        return file;
    }

    /** The demo prints its own table; servers and Hazelcast only speak up for problems. */
    private static void quietLogs() {
        QUIETED.get(0).setLevel(Level.SEVERE);
        QUIETED.get(1).setLevel(Level.WARNING);
        QUIETED.get(2).setLevel(Level.WARNING);
    }

    /** Held strongly: java.util.logging forgets the level of a logger nobody references. */
    private static final List<Logger> QUIETED = List.of(Logger.getLogger("com.hazelcast"),
            Logger.getLogger("org.eclipse.jetty"), Logger.getLogger("io.tlsresume"));
}
