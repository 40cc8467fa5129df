package io.tlsresume.multihost;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import io.tlsresume.testkit.HaproxyBalancer;
import io.tlsresume.testkit.hosts.Host;
import io.tlsresume.testkit.hosts.HostedNode;
import io.tlsresume.testkit.hosts.LoadFigures;
import io.tlsresume.testkit.hosts.NetworkHosts;
import io.tlsresume.testkit.hosts.ReconnectingLoad;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Kubernetes DNS discovery for real, without Kubernetes: a DNS server answers the headless
 * Service name of examples/kubernetes/ with the hosts' addresses (what cluster DNS does for a
 * headless Service), each host resolves through it, and every node starts with exactly the
 * tlsresume settings the example StatefulSet passes: no member list, no address. They find
 * each other, form one ring, and clients resume across nodes through the balancer.
 */
class KubernetesDnsDiscoveryTest {
    private static final Path STATEFUL_SET = Path.of("..", "examples", "kubernetes",
            "statefulset.yaml");

    @BeforeAll
    static void runnable() {
        Scenarios.assumeRunnable();
        assumeTrue(Dnsmasq.binary() != null || System.getenv("CI") != null,
                "dnsmasq is not installed (Debian: apt-get install dnsmasq-base)");
    }

    @Test
    void podsFindEachOtherThroughTheHeadlessServiceName() throws Exception {
        List<String> settings = statefulSetSettings();
        String serviceDns = value(settings, "cluster.kubernetes.serviceDns");
        assertEquals("kubernetes-dns", value(settings, "cluster.discovery"));
        assertEquals("auto", value(settings, "cluster.interface"));
        assertTrue(settings.stream().noneMatch(s -> s.startsWith("cluster.members=")),
                settings.toString());
        int replicas = Integer.parseInt(value(settings, "cluster.expectedMembers"));

        try (NetworkHosts hosts = NetworkHosts.create(replicas)) {
            List<String> addresses = hosts.hosts().stream().map(Host::address).toList();
            try (Dnsmasq dns = Dnsmasq.start(hosts.gatewayAddress(), serviceDns, addresses)) {
                for (Host host : hosts.hosts()) {
                    host.useNameServer(hosts.gatewayAddress());
                }
                assertEquals(new TreeSet<>(addresses), resolve(hosts.hosts().get(0), serviceDns),
                        () -> "the name resolves to every host inside a host:\n" + dns.log());
                List<HostedNode> nodes = new ArrayList<>();
                try {
                    long started = System.nanoTime();
                    // One after another, as the StatefulSet's OrderedReady starts its pods.
                    for (Host host : hosts.hosts()) {
                        nodes.add(HostedNode.start(host, settings, Map.of()));
                    }
                    run(nodes, hosts.gatewayAddress(), dns, started);
                } finally {
                    nodes.forEach(HostedNode::close);
                }
            }
        }
    }

    private static void run(List<HostedNode> nodes, String gateway, Dnsmasq dns, long started)
            throws Exception {
        long ready = System.nanoTime();
        for (HostedNode node : nodes) {
            assertTrue(node.log().contains("cluster.interface=auto: the member binds to and"
                    + " advertises " + node.host().address() + " on "), node.log());
            assertTrue(dns.log().contains("from " + node.host().address()),
                    () -> "node on " + node.host() + " never asked the DNS server:\n"
                            + dns.log());
        }
        String ring = awaitOneRing(nodes, Duration.ofSeconds(40));
        String timing = String.format(java.util.Locale.ROOT, "all-ready=%.1fs one-ring=%.1fs",
                (ready - started) / 1e9, (System.nanoTime() - started) / 1e9);
        try (HaproxyBalancer balancer = new HaproxyBalancer(gateway,
                nodes.stream().map(HostedNode::tlsAddress).toList(), true)) {
            List<Map<String, Long>> before = nodes.stream().map(HostedNode::metrics).toList();
            LoadFigures figures;
            try (ReconnectingLoad load = ReconnectingLoad.start(balancer.address(),
                    balancer.port(), ReconnectingLoad.Mode.TLS13, 2)) {
                assertTrue(load.awaitConnections(Scenarios.count(30, 600),
                        Duration.ofSeconds(60)), () -> "too few reconnections: "
                                + load.figures());
                figures = load.stop();
                assertEquals(0, figures.failed() + figures.refused(),
                        () -> "failures: " + load.failures());
            }
            List<Map<String, Long>> after = nodes.stream().map(HostedNode::metrics).toList();
            Map<String, Long> sumBefore = sum(before);
            Map<String, Long> sumAfter = sum(after);
            Scenarios.report("kubernetes-dns-discovery", figures, sumBefore, sumAfter,
                    "nodes=" + nodes.size() + " ring=" + ring + " " + timing);
            assertTrue(figures.resumedRate() >= 0.999, figures::toString);
            assertEquals(figures.resumed(), Scenarios.delta("ResumedHandshakes", sumBefore,
                    sumAfter), "the nodes counted every resumption the clients saw");
            for (int i = 0; i < nodes.size(); i++) {
                // Round robin: each resumption here is of a session another node began.
                assertTrue(Scenarios.delta("ResumedHandshakes", before.get(i), after.get(i)) > 0,
                        "node on " + nodes.get(i).host() + " resumed nothing");
            }
            assertEquals(ring, awaitOneRing(nodes, Duration.ofSeconds(30)));
        }
    }

    /** Every node encrypts under one key and sees all the others as members. */
    private static String awaitOneRing(List<HostedNode> nodes, Duration timeout)
            throws InterruptedException {
        long deadline = System.nanoTime() + timeout.toNanos();
        Map<String, String> seen = new LinkedHashMap<>();
        while (System.nanoTime() < deadline) {
            seen.clear();
            for (HostedNode node : nodes) {
                seen.put(node.host().name(), node.currentKeyFingerprint() + " members="
                        + node.metrics().getOrDefault("ClusterMembers", -1L));
            }
            TreeSet<String> distinct = new TreeSet<>(seen.values());
            if (distinct.size() == 1 && distinct.first().endsWith(" members=" + nodes.size())
                    && !distinct.first().startsWith("- ")) {
                return distinct.first().substring(0, distinct.first().indexOf(' '));
            }
            Thread.sleep(200);
        }
        throw new AssertionError("no single ring within " + timeout + ": " + seen);
    }

    /** The addresses {@code name} resolves to inside {@code host} ({@code getent ahostsv4}). */
    private static TreeSet<String> resolve(Host host, String name)
            throws IOException, InterruptedException {
        Process getent = host.process(List.of("getent", "ahostsv4", name))
                .redirectErrorStream(true).start();
        String out = new String(getent.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        getent.waitFor();
        TreeSet<String> addresses = new TreeSet<>();
        for (String line : out.split("\n")) {
            if (!line.isBlank()) {
                addresses.add(line.trim().split("\\s+")[0]);
            }
        }
        return addresses;
    }

    /** The tlsresume.* arguments of the example StatefulSet, as {@code name=value} settings. */
    private static List<String> statefulSetSettings() throws IOException {
        List<String> settings = new ArrayList<>();
        Matcher m = Pattern.compile("(?m)^\\s+- tlsresume\\.(\\S+=\\S*)$")
                .matcher(Files.readString(STATEFUL_SET));
        while (m.find()) {
            settings.add(m.group(1));
        }
        assertTrue(settings.size() >= 3, "settings in " + STATEFUL_SET + ": " + settings);
        return settings;
    }

    private static String value(List<String> settings, String name) {
        return settings.stream().filter(s -> s.startsWith(name + "=")).findFirst()
                .map(s -> s.substring(name.length() + 1))
                .orElseThrow(() -> new AssertionError(name + " not in " + settings));
    }

    private static Map<String, Long> sum(List<Map<String, Long>> counters) {
        Map<String, Long> total = new LinkedHashMap<>();
        counters.forEach(c -> c.forEach((k, v) -> total.merge(k, v, Long::sum)));
        return total;
    }
}
