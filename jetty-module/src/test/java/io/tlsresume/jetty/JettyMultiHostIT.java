package io.tlsresume.jetty;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import io.tlsresume.testkit.HaproxyBalancer;
import io.tlsresume.testkit.RemoteNodeMetrics;
import io.tlsresume.testkit.ScenarioReport;
import io.tlsresume.testkit.TestCertificates;
import io.tlsresume.testkit.hosts.Host;
import io.tlsresume.testkit.hosts.LoadFigures;
import io.tlsresume.testkit.hosts.NetworkHosts;
import io.tlsresume.testkit.hosts.ReconnectingLoad;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import org.junit.jupiter.api.Test;

/**
 * Three hosts (network namespaces with their own addresses), each running the real jetty-home
 * distribution with {@code java -jar start.jar} in a {@code $JETTY_BASE} set up exactly as
 * docs/jetty.md tells a user of several hosts (the jetty-base archive, the same key store on
 * every host, {@code cluster.interface} and {@code cluster.members} in
 * {@code start.d/tlsresume.ini}, Jetty's {@code graceful} module for restarts), behind HAProxy
 * with TCP health checks. Every node is restarted in turn under TLS 1.2-ticket and TLS 1.3 load:
 * the ring survives the roll, clients keep resuming, and no restarted node accepts before its
 * node has joined and installed the ring.
 */
class JettyMultiHostIT {
    private static final int CLUSTER_PORT = 5701;
    /** Clients per load; shortened runs keep the shared machine's load low. */
    private static final int CLIENTS = ScenarioReport.full() ? 4 : 2;
    /** Connections each phase waits for (steady before and after the roll, after each restart). */
    private static final int PHASE_CONNECTIONS = ScenarioReport.full() ? 1000 : 150;

    @Test
    void rollingRestartOfEveryNodeUnderLoadKeepsResuming() throws Exception {
        // Failsafe passes the unpacked distribution; a surefire run matching *IT has none.
        assumeTrue(System.getProperty("it.jettyHome") != null, "needs mvn verify (failsafe)");
        assumeTrue(Runtime.version().feature() < 22, "runs in the JDK 17 pass of CI only: the"
                + " server's JDK does not change what it shows");
        String unavailable = NetworkHosts.unavailableReason();
        assumeTrue(unavailable.isEmpty(), unavailable);
        assumeTrue(HaproxyBalancer.available(), "needs haproxy on the PATH");

        JettyDistribution jetty = new JettyDistribution();
        List<JettyDistribution.Node> nodes = new ArrayList<>();
        try (NetworkHosts network = NetworkHosts.create(3)) {
            List<Host> hosts = network.hosts();
            List<Path> bases = new ArrayList<>();
            for (Host host : hosts) {
                Path base = jetty.newBaseFromArchive(host.name(), docsIni(host, hosts));
                // docs/jetty.md for rolling restarts: a stopping node finishes its requests.
                jetty.run(base, List.of("--add-modules=graceful"));
                bases.add(base);
            }
            List<CompletableFuture<JettyDistribution.Node>> starting = new ArrayList<>();
            for (int i = 0; i < hosts.size(); i++) {
                Host host = hosts.get(i);
                Path base = bases.get(i);
                starting.add(CompletableFuture.supplyAsync(
                        () -> jetty.start(host, base, host.name())));
            }
            for (CompletableFuture<JettyDistribution.Node> node : starting) {
                nodes.add(node.join());
            }
            List<String> addresses = hosts.stream().map(Host::address).toList();
            String ring = RemoteNodeMetrics.awaitOneRing(addresses, RemoteNodeMetrics.HOST_PORT,
                    Duration.ofMinutes(2));

            try (HaproxyBalancer balancer = new HaproxyBalancer(network.gatewayAddress(),
                    hosts.stream().map(h -> h.address() + ":"
                            + JettyDistribution.HOST_HTTPS_PORT).toList(), true);
                    ReconnectingLoad tls12 = ReconnectingLoad.start(balancer.address(),
                            balancer.port(), ReconnectingLoad.Mode.TLS12_TICKETS, CLIENTS);
                    ReconnectingLoad tls13 = ReconnectingLoad.start(balancer.address(),
                            balancer.port(), ReconnectingLoad.Mode.TLS13, CLIENTS)) {
                awaitConnections(tls12, tls13, balancer);
                Map<String, Long> server = new HashMap<>();
                for (int i = 0; i < nodes.size(); i++) {
                    JettyDistribution.Node old = nodes.get(i);
                    add(server, old.metrics()); // its counters end with its process
                    old.close(); // SIGTERM: Jetty's shutdown hook stops the server
                    JettyDistribution.Node restarted = jetty.start(hosts.get(i), bases.get(i),
                            old.nodeId());
                    nodes.set(i, restarted);
                    String logged = restarted.logAtFirstAccept()[0];
                    assertTrue(logged.contains("tlsresume node ") && logged.contains(" started"),
                            "the restarted port accepted before its node had joined and"
                                    + " installed the ring; its log then:\n" + logged);
                    // Its first ring read may time out on a loaded machine (degraded, local
                    // key) and be reconciled at a later tick: one ring again, the same one.
                    assertEquals(ring, RemoteNodeMetrics.awaitOneRing(addresses,
                            RemoteNodeMetrics.HOST_PORT, Duration.ofMinutes(2)),
                            "the ring did not survive the restart of " + hosts.get(i));
                    awaitConnections(tls12, tls13, balancer);
                }
                LoadFigures figures12 = tls12.stop();
                LoadFigures figures13 = tls13.stop();
                for (JettyDistribution.Node node : nodes) {
                    add(server, node.metrics());
                    assertEquals(ring, node.currentKeyFingerprint(), "node " + node.nodeId()
                            + " encrypts under another key after the roll: the ring did not"
                            + " survive it");
                }
                String serverSide = " server-resumed=" + server.get("ResumedHandshakes")
                        + " server-full=" + server.get("FullHandshakes") + " hosts=3 restarts=3";
                ScenarioReport.record(figures12.line("jetty-distribution-rolling-restart-tls12")
                        + serverSide + " (both loads)");
                ScenarioReport.record(figures13.line("jetty-distribution-rolling-restart-tls13")
                        + serverSide + " (both loads)");
                for (LoadFigures figures : List.of(figures12, figures13)) {
                    String detail = figures + "\nclient failures: " + tls12.failures()
                            + tls13.failures() + "\nHAProxy:\n" + balancer.log();
                    assertEquals(0, figures.failed(), "failed handshakes: " + detail);
                    assertTrue(figures.resumedRate() >= 0.999, "resumed " + detail);
                }
                // (The server counts are reported, not compared with the clients': each
                // stopped node's were read just before its stop, so they miss its last ones.)
                assertEquals(0, server.get("TicketDecryptFailures"), "every ticket a client"
                        + " offered decrypted on the node it reached: " + server);
            }
        } finally {
            for (JettyDistribution.Node node : nodes) {
                node.close();
            }
        }
    }

    /**
     * Step 4 of docs/jetty.md for a host of several: the key store password and this host's
     * address as {@code cluster.interface}; {@code cluster.members} lists every host (the same
     * line on each).
     */
    private static List<String> docsIni(Host host, List<Host> hosts) {
        return List.of(
                "jetty.sslContext.keyStorePassword=" + TestCertificates.PASSWORD,
                "tlsresume.cluster.members=" + String.join(",", hosts.stream()
                        .map(h -> h.address() + ":" + CLUSTER_PORT).toList()),
                "tlsresume.cluster.interface=" + host.address());
    }

    private static void awaitConnections(ReconnectingLoad tls12, ReconnectingLoad tls13,
            HaproxyBalancer balancer) throws InterruptedException {
        for (ReconnectingLoad load : List.of(tls12, tls13)) {
            assertTrue(load.awaitConnections(PHASE_CONNECTIONS, Duration.ofMinutes(5)),
                    load.mode() + " load stalled: " + load.figures() + "\n" + balancer.log());
        }
    }

    private static void add(Map<String, Long> total, Map<String, Long> more) {
        more.forEach((name, value) -> total.merge(name, value, Long::sum));
    }
}
