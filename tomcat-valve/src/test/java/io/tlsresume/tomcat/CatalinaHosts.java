package io.tlsresume.tomcat;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.tlsresume.testkit.HaproxyBalancer;
import io.tlsresume.testkit.RemoteNodeMetrics;
import io.tlsresume.testkit.ScenarioReport;
import io.tlsresume.testkit.hosts.Host;
import io.tlsresume.testkit.hosts.LoadFigures;
import io.tlsresume.testkit.hosts.NetworkHosts;
import io.tlsresume.testkit.hosts.ReconnectingLoad;
import java.io.IOException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;

/**
 * Three network hosts, each running the real Tomcat distribution with {@code catalina.sh run}
 * configured as docs/tomcat.md tells a user of several hosts ({@link CatalinaProcess#onHost}),
 * behind HAProxy with TCP health checks; and the scenario the multi-host ITs run on it: steady
 * state, then {@code kill -9} of one node under load, then its restart.
 */
public final class CatalinaHosts implements AutoCloseable {
    /** Clients per load; shortened runs keep the shared machine's load low. */
    private static final int CLIENTS = ScenarioReport.full() ? 4 : 2;
    /** Connections each load makes per phase. */
    private static final int PHASE_CONNECTIONS = ScenarioReport.full() ? 1000 : 120;

    private final NetworkHosts network;
    private final List<CatalinaProcess> nodes = new ArrayList<>();
    private HaproxyBalancer balancer;

    private CatalinaHosts(NetworkHosts network) {
        this.network = network;
    }

    /** Why the scenario cannot run here (no namespaces, no haproxy), or empty. */
    public static String unavailableReason() {
        String reason = NetworkHosts.unavailableReason();
        if (reason.isEmpty() && !HaproxyBalancer.available()) {
            reason = "needs haproxy on the PATH";
        }
        return reason;
    }

    /**
     * Lays out and starts three nodes, each on its own host, with the server.xml of
     * docs/tomcat.md (its Connector replaced by the one under {@code connectorHeading} of
     * {@code docs/connectorPage}, if not null), waits until they share one ring, and puts
     * HAProxy in front.
     */
    public static CatalinaHosts start(String connectorPage, String connectorHeading)
            throws IOException, InterruptedException {
        CatalinaHosts cluster = new CatalinaHosts(NetworkHosts.create(3));
        try {
            List<Host> hosts = cluster.network.hosts();
            Path work = Path.of(System.getProperty("it.work"), "hosts-" + System.nanoTime());
            for (int i = 0; i < hosts.size(); i++) {
                cluster.nodes.add(CatalinaProcess.onHost(work, hosts, i, connectorPage,
                        connectorHeading));
            }
            List<CompletableFuture<CatalinaProcess>> starting = new ArrayList<>();
            for (CatalinaProcess node : cluster.nodes) {
                starting.add(CompletableFuture.supplyAsync(() -> startNode(node)));
            }
            starting.forEach(CompletableFuture::join);
            cluster.awaitOneRing();
            cluster.balancer = new HaproxyBalancer(cluster.network.gatewayAddress(),
                    cluster.nodes.stream().map(n -> n.host().address() + ":" + n.port())
                            .toList(), true);
            return cluster;
        } catch (IOException | InterruptedException | RuntimeException | Error e) {
            cluster.close();
            throw e;
        }
    }

    private static CatalinaProcess startNode(CatalinaProcess node) {
        try {
            return node.start();
        } catch (IOException e) {
            throw new CompletionException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new CompletionException(e);
        }
    }

    /**
     * Runs loads of {@code modes} through the balancer: a steady phase, then {@code kill -9} of
     * one node and a phase on the other two, then that node restarted, which must adopt the
     * ring, and a last phase on all three. Records one SCENARIO line per load and phase
     * ({@code <name>-steady-<mode>}, {@code <name>-kill9-<mode>}) and asserts: steady, >= 99.9 %
     * of reconnections resumed with nothing failed or refused; from the kill on, see
     * {@link #assertAfterKill}.
     */
    public void steadyStateThenKill(String name, List<ReconnectingLoad.Mode> modes)
            throws Exception {
        List<ReconnectingLoad> loads = new ArrayList<>();
        try {
            for (ReconnectingLoad.Mode mode : modes) {
                loads.add(ReconnectingLoad.start(balancer.address(), balancer.port(), mode,
                        CLIENTS));
            }
            awaitPhase(loads);
            List<LoadFigures> steady = loads.stream().map(l -> completed(l.figures())).toList();
            Map<String, Long> server = new HashMap<>();
            CatalinaProcess victim = nodes.get(1);
            add(server, victim.metrics()); // its counters die with it
            String ring = victim.currentKeyFingerprint();
            victim.kill();
            awaitPhase(loads);
            victim.start();
            // On a loaded machine its first ring read may time out (degraded, local key) and
            // be reconciled at a later tick: wait for one ring, then it must be the cluster's.
            assertEquals(ring, awaitOneRing(), "the restarted " + victim.nodeId()
                    + " did not adopt the cluster's ring");
            awaitPhase(loads);
            for (CatalinaProcess node : nodes) {
                add(server, node.metrics());
            }
            String serverSide = " server-resumed=" + server.get("ResumedHandshakes")
                    + " server-full=" + server.get("FullHandshakes") + " hosts=3";
            List<LoadFigures> total = new ArrayList<>();
            for (ReconnectingLoad load : loads) {
                total.add(load.stop());
            }
            for (int i = 0; i < loads.size(); i++) {
                String mode = loads.get(i).mode().name().toLowerCase(java.util.Locale.ROOT)
                        .replace('_', '-');
                ScenarioReport.record(steady.get(i).line(name + "-steady-" + mode)
                        + serverSide + " (whole run, all loads)");
                ScenarioReport.record(total.get(i).minus(steady.get(i))
                        .line(name + "-kill9-" + mode) + serverSide
                        + " (kill -9 of " + victim.nodeId() + ", then its restart)");
            }
            for (int i = 0; i < loads.size(); i++) {
                assertSteady(steady.get(i), loads.get(i));
                assertAfterKill(total.get(i).minus(steady.get(i)), loads.get(i));
            }
            // (The server counts are reported, not compared with the clients': the killed
            // node's were read just before the kill, so they miss its last resumptions.)
            assertEquals(0, server.get("TicketDecryptFailures"), "every ticket a client"
                    + " offered decrypted on the node it reached: " + server);
        } finally {
            loads.forEach(ReconnectingLoad::stop);
        }
    }

    private void assertSteady(LoadFigures figures, ReconnectingLoad load) {
        String detail = load.mode() + " " + figures + "\n" + load.failures() + "\nHAProxy:\n"
                + balancer.log();
        assertEquals(0, figures.failed(), "steady state, failed handshakes: " + detail);
        assertEquals(0, figures.refused(), "steady state, refused: " + detail);
        assertTrue(figures.resumedRate() >= 0.999, "steady state, resumed: " + detail);
    }

    /**
     * Connections under way when the JVM died are cut (failed or refused; a client may then
     * drop its session, as the JDK does after a failed handshake): at most two per client.
     * Every other reconnection resumes, also the killed node's clients' on the others.
     */
    private void assertAfterKill(LoadFigures figures, ReconnectingLoad load) {
        String detail = load.mode() + " " + figures + "\n" + load.failures() + "\nHAProxy:\n"
                + balancer.log();
        long cut = figures.failed() + figures.refused();
        assertTrue(cut <= 2L * CLIENTS, "after kill -9, more cut than the connections under"
                + " way on the killed node: " + detail);
        assertTrue(figures.full() - figures.firstHandshakes() <= cut, "after kill -9, a full"
                + " handshake other than after a cut connection: " + detail);
    }

    /** Waits (at most 2 minutes) until every node encrypts under one key; its fingerprint. */
    private String awaitOneRing() throws InterruptedException {
        return RemoteNodeMetrics.awaitOneRing(nodes.stream().map(n -> n.host().address()).toList(),
                RemoteNodeMetrics.HOST_PORT, Duration.ofMinutes(2));
    }

    private void awaitPhase(List<ReconnectingLoad> loads) throws InterruptedException {
        for (ReconnectingLoad load : loads) {
            assertTrue(load.awaitConnections(PHASE_CONNECTIONS, Duration.ofMinutes(5)),
                    load.mode() + " load stalled: " + load.figures() + "\n" + balancer.log());
        }
    }

    /** The connections that have an outcome (one under way has none yet: not a miss). */
    private static LoadFigures completed(LoadFigures f) {
        return new LoadFigures(f.resumed() + f.full() + f.failed() + f.refused(), f.resumed(),
                f.full(), f.failed(), f.refused(), f.firstHandshakes());
    }

    private static void add(Map<String, Long> total, Map<String, Long> more) {
        more.forEach((name, value) -> total.merge(name, value, Long::sum));
    }

    @Override
    public void close() throws InterruptedException {
        if (balancer != null) {
            balancer.close();
        }
        for (CatalinaProcess node : nodes) {
            node.close();
        }
        network.close();
    }
}
