package io.tlsresume.bench;

import io.tlsresume.testkit.RoundRobinBalancer;
import io.tlsresume.testkit.ResumptionProbe;
import io.tlsresume.testkit.NodeProcess;
import io.tlsresume.testkit.TempFiles;
import io.tlsresume.testkit.TestCertificates;
import io.tlsresume.testkit.TestNodes;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.logging.Level;
import java.util.logging.Logger;
import javax.net.ssl.SSLContext;

/**
 * The benchmark harness ({@code bench/run}). Starts the nodes in child JVMs (so their process
 * CPU time is theirs alone), puts the core's round-robin balancer in front, drives them with
 * {@code openssl s_time} and the demo's JDK client, and alternates the variants of each item
 * round by round (A B, B A, ...) so that the noise of this shared machine hits them alike.
 * Writes {@code results.csv} (every sample), {@code results.md} (medians, spread, paired
 * ratios) and {@code plot.png} into {@code bench/results/<date>/}.
 *
 * <p>Options: {@code --quick} (under 2 minutes), {@code --smoke} (seconds; the test suite's
 * check of the harness), {@code --items 2,4} (only those items), {@code --rounds N} (more or
 * fewer alternated rounds), {@code --out DIR}.
 */
public final class Bench {
    static final String TLS12 = "tls1_2";
    static final String TLS13 = "tls1_3";

    /** Held so the level sticks (java.util.logging keeps loggers weakly). */
    private static final Logger HAZELCAST_LOG = Logger.getLogger("com.hazelcast");

    private final Config config;
    private final Results results = new Results();
    private final Machine machine = Machine.now();

    Bench(Config config) {
        this.config = config;
    }

    /** How long and how much of everything one run does. */
    record Config(String mode, int rounds, int sampleSeconds, int warmUpSeconds,
            int probeConnections, int cpuClientsPerNode, int phaseSeconds,
            int saturationClients, int saturationRounds, int rotationSeconds,
            int latencyConnections,
            Set<Integer> items, boolean jmhFork, List<String> protocols, Path out) {
        static Config parse(String[] args) {
            String mode = "full";
            Path out = null;
            Set<Integer> only = null;
            Integer rounds = null;
            for (int i = 0; i < args.length; i++) {
                switch (args[i]) {
                    case "--quick" -> mode = "quick";
                    case "--smoke" -> mode = "smoke";
                    case "--out" -> out = Path.of(value(args, ++i));
                    case "--items" -> only = items(value(args, ++i));
                    case "--rounds" -> rounds = rounds(value(args, ++i));
                    default -> throw new IllegalArgumentException("unknown option " + args[i]
                            + " (known: --quick, --smoke, --items 1,2,..., --rounds N, --out DIR)");
                }
            }
            if (out == null) {
                out = Path.of("bench", "results", LocalDate.now(ZoneOffset.UTC).toString()
                        + (mode.equals("full") ? "" : "-" + mode)
                        + (only == null ? "" : "-items-" + only.stream().sorted()
                                .map(String::valueOf).collect(java.util.stream.Collectors
                                        .joining("-")))
                        + (rounds == null ? "" : "-rounds-" + rounds));
            }
            Config config = switch (mode) {
                // Every item, but s_time items (2-4) with TLS 1.3 only and item 2 without RSA,
                // to stay under 2 minutes.
                // Item 3 runs one round only: eight variants are its largest share of the time.
                case "quick" -> new Config(mode, 2, 1, 1, 20, 2, 1, 2, 1, 3, 40,
                        Set.of(1, 2, 3, 4, 5, 6, 7, 8), false, List.of(TLS13), out);
                case "smoke" -> new Config(mode, 1, 1, 1, 8, 1, 0, 1, 1, 0, 0, Set.of(1, 2), false,
                        List.of(TLS13), out);
                default -> new Config(mode, 5, 3, 6, 200, 2, 12, 2, 5, 15, 200,
                        Set.of(1, 2, 3, 4, 5, 6, 7, 8), true, List.of(TLS12, TLS13), out);
            };
            return config.overridden(only, rounds);
        }

        /** This config with {@code --items} and {@code --rounds} applied, where given. */
        Config overridden(Set<Integer> onlyItems, Integer allRounds) {
            int r = allRounds == null ? rounds : allRounds;
            return new Config(mode, r, sampleSeconds, warmUpSeconds, probeConnections,
                    cpuClientsPerNode, phaseSeconds, saturationClients,
                    allRounds == null ? saturationRounds : allRounds, rotationSeconds,
                    latencyConnections, onlyItems == null ? items : onlyItems, jmhFork, protocols,
                    out);
        }

        private static int rounds(String value) {
            try {
                int n = Integer.parseInt(value);
                if (n >= 1 && n <= 50) {
                    return n;
                }
            } catch (NumberFormatException e) {
                // reported below
            }
            throw new IllegalArgumentException("--rounds takes a number from 1 to 50, not '"
                    + value + "'");
        }

        private static String value(String[] args, int i) {
            if (i >= args.length) {
                throw new IllegalArgumentException(args[i - 1] + " needs a value");
            }
            return args[i];
        }

        /** {@code --items 2,4}: a subset of the items 1-8. */
        static Set<Integer> items(String list) {
            Set<Integer> items = new java.util.TreeSet<>();
            for (String part : list.split(",")) {
                int item;
                try {
                    item = Integer.parseInt(part.trim());
                } catch (NumberFormatException e) {
                    item = 0;
                }
                if (item < 1 || item > 8) {
                    throw new IllegalArgumentException("--items takes item numbers 1 to 8 "
                            + "separated by commas, not '" + list + "'");
                }
                items.add(item);
            }
            return Set.copyOf(items);
        }
    }

    public static void main(String[] args) throws Exception {
        Config config = Config.parse(args);
        HAZELCAST_LOG.setLevel(Level.WARNING);
        Path out = new Bench(config).run();
        System.out.println("results in " + out.toAbsolutePath());
    }

    /** Runs everything the config asks for and writes the results folder. */
    Path run() throws Exception {
        Files.createDirectories(config.out());
        long start = System.nanoTime();
        log("mode " + config.mode() + ", " + config.rounds() + " rounds, machine " + machine);
        if (config.items().stream().anyMatch(i -> i <= 5)) {
            measureOverSockets();
        }
        if (config.items().contains(6)) {
            InProcess.measure(results, config.jmhFork(), config.mode().equals("full"));
        }
        if (config.items().contains(7)) {
            RingScale.measure(results, config.mode(), "sealed ring");
        }
        if (config.items().contains(8)) {
            new FleetBench(results, FleetBench.Size.of(config.mode())).run();
        }
        results.note(String.format(java.util.Locale.ROOT, "run took %.0f s; load average "
                + "before %s, after %s", (System.nanoTime() - start) / 1e9, machine.loadBefore(),
                Machine.loadAverage()));
        results.writeCsv(config.out().resolve("results.csv"));
        Files.writeString(config.out().resolve("results.md"),
                new Report(results, machine, config).markdown());
        Plot.write(results, config.out().resolve("plot.png"));
        if (config.items().contains(7)) {
            RingScaleReport.write(Map.of("this run", results.rows().stream()
                    .filter(row -> row.item().equals(RingScale.ITEM)).toList()), config.out());
        }
        return config.out();
    }

    /**
     * Items 1-5. All clusters start at once (JVM and Hazelcast start-up dominate a short run)
     * and stay up until the end; the frozen/killed member of item 5 is the last use of the
     * main cluster.
     */
    private void measureOverSockets() throws Exception {
        Set<Integer> items = config.items();
        boolean smoke = config.mode().equals("smoke");
        int size = items.contains(5) || (items.contains(1) && !smoke) ? 3 : 2;
        // RSA only in full runs: a third cluster to start costs --quick too much of its time.
        Path rsaStore = items.contains(2) && config.mode().equals("full")
                ? TestCertificates.get().generateOther("rsa", "RSA") : null;
        ExecutorService starter = Executors.newCachedThreadPool();
        Future<Cluster> onF = starter.submit(() -> Cluster.start("on", size, true, List.of()));
        Future<Cluster> offF = items.contains(1) || items.contains(2) || items.contains(3)
                ? starter.submit(() -> Cluster.start("off", size, false, List.of())) : null;
        Future<Cluster> rsaF = rsaStore == null ? null : starter.submit(() -> Cluster.start(
                "rsa", 2, true, List.of("keyStorePath=" + rsaStore,
                        "keyStorePassword=" + TestCertificates.PASSWORD)));
        Future<Cluster> rotF = items.contains(4) ? starter.submit(() -> Cluster.start("rot", 2,
                true, List.of("rotationInterval=1s", "ticketLifetime=" + ROTATION_LIFETIME + "s")))
                : null;
        starter.shutdown();
        try (Cluster on = onF.get();
                Cluster off = offF == null ? null : offF.get();
                Cluster rsa = rsaF == null ? null : rsaF.get();
                Cluster rot = rotF == null ? null : rotF.get();
                NginxRef nginx = items.contains(3) ? NginxRef.start(results) : null) {
            if (items.contains(1)) {
                resumptionRate(on, off, 2);
                if (!smoke) {
                    resumptionRate(on, off, 3);
                }
            }
            if (items.contains(2)) {
                cpuPerHandshake(on, off, "ECDSA-P256");
                if (rsa != null) {
                    cpuPerHandshake(rsa, null, "RSA-2048");
                }
            }
            if (items.contains(3)) {
                saturation(on, off, nginx);
            }
            if (items.contains(4)) {
                rotationUnderLoad(rot, on);
            }
            if (items.contains(5)) {
                memberFrozen(on);
            }
        } finally {
            for (Future<Cluster> f : java.util.Arrays.asList(onF, offF, rsaF, rotF)) {
                if (f != null && !f.isDone()) {
                    f.cancel(true);
                }
            }
        }
    }

    // ---------------------------------------------------------------- item 1

    /** Item 1: share of reconnections the JDK client sees resumed, N nodes, ring on vs off. */
    private void resumptionRate(Cluster on, Cluster off, int n) throws Exception {
        String item = "1-resumption-rate";
        SSLContext client = TestCertificates.get().clientContext("TLS");
        for (String protocol : List.of("TLSv1.2", "TLSv1.3")) {
            String setup = "N=" + n + " " + protocol;
            try (RoundRobinBalancer onLb = on.balancer(n);
                    RoundRobinBalancer offLb = off.balancer(n)) {
                for (int round = 0; round < config.rounds(); round++) {
                    for (String variant : alternate(round, "ring on", "ring off")) {
                        int port = variant.equals("ring on") ? onLb.port() : offLb.port();
                        ResumptionProbe probe = new ResumptionProbe(client, protocol, "localhost");
                        int resumed = 0;
                        for (int i = 0; i < config.probeConnections(); i++) {
                            if (probe.connect(i, "127.0.0.1", port).clientSaysResumed()) {
                                resumed++;
                            }
                        }
                        double share = resumed / (double) (config.probeConnections() - 1);
                        results.add(item, setup, variant, round, "resumed_share", share, "ratio");
                        log(item + " " + setup + " " + variant + ": " + share);
                    }
                }
            }
        }
    }

    // ---------------------------------------------------------------- item 2

    /**
     * Item 2: server process CPU per handshake (both nodes' JVMs, read from /proc through
     * ProcessHandle) for full, same-node resumed and cross-node resumed handshakes.
     *
     * <p>Every variant has the same shape, so that only the ticket's origin separates same-node
     * from cross-node: s_time clients, each behind a balancer of its own, half starting on node
     * A and half on node B, so both JVMs serve half the load. Same-node: each balancer sends its
     * client to its node every time. Cross-node: every resumption lands on the node that did
     * not issue the ticket (see {@link #crossNodeRoute}). More than one client per node keeps
     * both JVMs busy in the cross-node variant too, whose clients move between the nodes: with
     * one each, a JVM idles whenever both are on the other node, and waking it costs CPU that
     * the same-node variant never pays.
     */
    private void cpuPerHandshake(Cluster cluster, Cluster off, String cert) throws Exception {
        String item = "2-server-cpu";
        List<String> protocols = config.protocols();
        NodeProcess a = cluster.nodes.get(0);
        NodeProcess b = cluster.nodes.get(1);
        try (RoundRobinBalancer warm = cluster.balancer(2)) {
            warmUp(warm.port(), protocols);
        }
        // The C anchor (issue 16 item 5): nginx with the nodes' own certificate, in the same
        // rounds; its shutdown hook stops it if a sample fails.
        java.util.Optional<NginxCpu> nginx = cert.equals("ECDSA-P256")
                && !config.mode().equals("smoke") ? NginxCpu.start(results)
                : java.util.Optional.empty();
        if (nginx.isPresent()) {
            nginx.get().warmUp(protocols, config.warmUpSeconds());
        }
        for (String protocol : protocols) {
            String setup = cert + " " + protocol;
            if (off != null) {
                checkCrossNodeRoute(item, setup, off, protocol);
            }
            for (int round = 0; round < config.rounds(); round++) {
                // The JVMs' own background (JIT, GC, Hazelcast heartbeats) over 1 s idle, so a
                // reader can tell it from the handshakes' share.
                Duration idleBefore = cluster.cpu(2);
                long idleStart = System.nanoTime();
                Thread.sleep(1000);
                double idle = cluster.cpu(2).minus(idleBefore).toNanos() / 1e3
                        / ((System.nanoTime() - idleStart) / 1e9);
                results.add(item, setup, "idle", round, "idle_cpu_us_per_s", idle, "us/s");
                for (String variant : alternate(round, "full", "same-node resumed",
                        "cross-node resumed")) {
                    boolean cross = variant.startsWith("cross");
                    List<List<Integer>> routes = new ArrayList<>();
                    for (int i = 0; i < config.cpuClientsPerNode(); i++) {
                        routes.add(cross ? crossNodeRoute(protocol, a, b) : List.of(a.tlsPort()));
                        routes.add(cross ? crossNodeRoute(protocol, b, a) : List.of(b.tlsPort()));
                    }
                    Duration before = cluster.cpu(2);
                    STime.Sample s = sTimeThrough(routes, protocol, variant.contains("resumed"),
                            config.sampleSeconds());
                    Duration used = cluster.cpu(2).minus(before);
                    double micros = used.toNanos() / 1e3 / s.connections();
                    results.add(item, setup, variant, round, "cpu_us_per_handshake", micros,
                            "us");
                    results.add(item, setup, variant, round, "handshakes_per_s", s.perSecond(),
                            "1/s");
                    results.add(item, setup, variant, round, "resumed_share", s.resumedShare(),
                            "ratio");
                    log(item + " " + setup + " " + variant + ": " + Math.round(micros)
                            + " us/handshake, resumed " + s.resumedShare());
                }
                if (nginx.isPresent()) {
                    nginx.get().round(results, item, setup, protocol, round,
                            2 * config.cpuClientsPerNode(), config.sampleSeconds());
                }
            }
        }
        if (nginx.isPresent()) {
            nginx.get().close();
        }
    }

    /** More connections than one s_time client makes in a sample (checked). */
    private static final int CROSS_ROUTE_LENGTH = 200_000;

    /**
     * The backends, connection by connection, of a client whose first (full) handshake is
     * with {@code issuer} and whose every resumption is with a node that did not issue the
     * ticket it presents. TLS 1.3: a resumption brings fresh tickets from the node that resumed
     * it, and s_time presents the newest, so the nodes alternate. TLS 1.2: the client keeps its
     * first session for good (a ticket is renewed only when its key stops encrypting, which
     * the hourly rotation does not do within a sample), so after the first connection every
     * one goes to the other node.
     */
    static List<Integer> crossNodeRoute(String protocol, NodeProcess issuer, NodeProcess other) {
        if (protocol.equals(TLS13)) {
            return List.of(issuer.tlsPort(), other.tlsPort());
        }
        List<Integer> route = new ArrayList<>(CROSS_ROUTE_LENGTH);
        route.add(issuer.tlsPort());
        route.addAll(java.util.Collections.nCopies(CROSS_ROUTE_LENGTH - 1, other.tlsPort()));
        return route;
    }

    /**
     * Proof that the cross-node route crosses, where the ring-off cluster can show it: without
     * a shared ring a resumption on the other node is impossible, so with TLS 1.3's
     * alternating route the resumed share must be 0. (TLS 1.2's route cannot be checked this
     * way: without the ring, node B's full handshake gives the client a session of B's.)
     */
    private void checkCrossNodeRoute(String item, String setup, Cluster off, String protocol)
            throws Exception {
        if (!protocol.equals(TLS13)) {
            return;
        }
        NodeProcess a = off.nodes.get(0);
        NodeProcess b = off.nodes.get(1);
        STime.Sample s = sTimeThrough(List.of(crossNodeRoute(protocol, a, b),
                crossNodeRoute(protocol, b, a)), protocol, true, 1);
        results.add(item, setup, "route check, ring off", 0, "resumed_share", s.resumedShare(),
                "ratio");
        log(item + " " + setup + " cross-node route without a ring: resumed "
                + s.resumedShare() + " of " + s.connections());
        if (s.resumedShare() > 0) {
            throw new IllegalStateException("the cross-node route let " + s.resumed()
                    + " resumptions land on the issuing node: item 2 would not measure "
                    + "cross-node resumption");
        }
    }

    /** One s_time client per route, each behind a fresh balancer that follows its route. */
    private static STime.Sample sTimeThrough(List<List<Integer>> routes, String protocol,
            boolean reuse, int seconds) throws Exception {
        List<RoundRobinBalancer> balancers = routes.stream().map(RoundRobinBalancer::new)
                .toList();
        try {
            STime.Sample s = STime.run(balancers.stream().map(RoundRobinBalancer::port)
                    .toList(), protocol, reuse, seconds);
            for (RoundRobinBalancer lb : balancers) {
                if (lb.connections() >= CROSS_ROUTE_LENGTH) {
                    throw new IllegalStateException("a client outran its route ("
                            + lb.connections() + " connections)");
                }
            }
            return s;
        } finally {
            balancers.forEach(RoundRobinBalancer::close);
        }
    }

    // ---------------------------------------------------------------- item 3

    /**
     * Item 3: handshakes per second with reconnecting clients at saturation. Through a
     * balancer: ring on vs off, and nginx -reuse vs -new behind the same kind of balancer.
     * Straight to one server: a node -reuse vs -new, nginx -reuse vs -new.
     */
    private void saturation(Cluster on, Cluster off, NginxRef nginx) throws Exception {
        String item = "3-saturation";
        int clients = config.saturationClients();
        // One balancer per client: each client's reconnections alternate strictly between the
        // two nodes (with one shared balancer, parallel clients interleave and some land on
        // the same node twice in a row, which resumes even without the ring).
        java.util.Map<String, List<Integer>> backends = new java.util.LinkedHashMap<>();
        backends.put("ring on", on.ports(2));
        backends.put("ring off", off.ports(2));
        if (nginx.available()) {
            backends.put("nginx balanced", List.of(nginx.port()));
        }
        java.util.Map<String, List<Front>> fronts = new java.util.LinkedHashMap<>();
        results.note("item 3 balancer: " + Front.description());
        try {
            for (var e : backends.entrySet()) {
                List<Front> list = new ArrayList<>();
                fronts.put(e.getKey(), list);
                for (int i = 0; i < clients; i++) {
                    list.add(Front.over(e.getValue()));
                }
            }
            warmUp(fronts.get("ring off").get(0).port(), config.protocols());
            if (!config.items().contains(2)) {
                warmUp(fronts.get("ring on").get(0).port(), config.protocols());
            }
            List<String> variants = new ArrayList<>(List.of("ring on", "ring off",
                    "node -reuse", "node -new"));
            if (nginx.available()) {
                variants.addAll(List.of("nginx -reuse, balanced", "nginx -new, balanced",
                        "nginx -reuse", "nginx -new"));
            }
            for (String protocol : config.protocols()) {
                for (int round = 0; round < config.saturationRounds(); round++) {
                    for (String variant : alternate(round, variants.toArray(String[]::new))) {
                        List<Integer> ports = switch (variant) {
                            case "ring on", "ring off" -> ports(fronts.get(variant));
                            case "nginx -reuse, balanced", "nginx -new, balanced" ->
                                    ports(fronts.get("nginx balanced"));
                            case "node -reuse", "node -new" -> java.util.Collections.nCopies(
                                    clients, on.nodes.get(0).tlsPort());
                            default -> java.util.Collections.nCopies(clients, nginx.port());
                        };
                        boolean reuse = !variant.contains("-new");
                        STime.Sample s = STime.run(ports, protocol, reuse,
                                config.sampleSeconds());
                        results.add(item, protocol, variant, round, "handshakes_per_s",
                                s.perSecond(), "1/s");
                        results.add(item, protocol, variant, round, "resumed_share",
                                s.resumedShare(), "ratio");
                        log(item + " " + protocol + " " + variant + ": "
                                + Math.round(s.perSecond()) + "/s, resumed " + s.resumedShare());
                    }
                }
            }
        } finally {
            for (List<Front> list : fronts.values()) {
                for (Front front : list) {
                    front.close();
                }
            }
        }
    }

    private static List<Integer> ports(List<Front> fronts) {
        return fronts.stream().map(Front::port).toList();
    }

    // ---------------------------------------------------------------- item 4

    /**
     * Item 4's ticket lifetime, longer than any sample: a TLS 1.2 session ends one lifetime
     * after its full handshake however often its ticket was renewed (BoringSSL keeps the
     * session's start), so a sample longer than the lifetime would count that expected full
     * handshake as a rotation failure.
     */
    static final int ROTATION_LIFETIME = 30;

    /**
     * Item 4: reconnecting client through the balancer while the ring rotates every second
     * vs the hourly default; failures = reconnections not resumed.
     */
    private void rotationUnderLoad(Cluster fast, Cluster hourly) throws Exception {
        String item = "4-rotation";
        if (config.rotationSeconds() >= ROTATION_LIFETIME) {
            throw new IllegalStateException("item 4's samples must be shorter than the ticket "
                    + "lifetime (" + ROTATION_LIFETIME + " s)");
        }
        try (RoundRobinBalancer fastLb = fast.balancer(2);
                RoundRobinBalancer hourlyLb = hourly.balancer(2)) {
            warmUp(fastLb.port(), config.protocols());
            for (String protocol : config.protocols()) {
                int rounds = Math.max(1, config.rounds() / 2);
                for (int round = 0; round < rounds; round++) {
                    for (String variant : alternate(round, "rotation 1s", "rotation 1h")) {
                        int port = variant.equals("rotation 1s") ? fastLb.port()
                                : hourlyLb.port();
                        STime.Sample s = STime.run(port, protocol, true,
                                config.rotationSeconds(), 1);
                        results.add(item, protocol, variant, round, "reconnections",
                                s.connections(), "count");
                        results.add(item, protocol, variant, round, "failures",
                                s.connections() - s.resumed(), "count");
                        log(item + " " + protocol + " " + variant + ": "
                                + (s.connections() - s.resumed()) + " failures in "
                                + s.connections() + (s.missesAt().isEmpty() ? ""
                                        : ", at about " + seconds(s.missesAt())));
                    }
                }
            }
        }
    }

    // ---------------------------------------------------------------- item 5

    /**
     * Item 5: handshake latency seen by the JDK client through the balancer (nodes 0 and 1)
     * while the third Hazelcast member is up, frozen (SIGSTOP), and finally down (killed).
     */
    private void memberFrozen(Cluster on) throws Exception {
        String item = "5-member-frozen";
        SSLContext client = TestCertificates.get().clientContext("TLS");
        NodeProcess third = on.nodes.get(2);
        List<Double> pooledUp = new ArrayList<>();
        List<Double> pooledFrozen = new ArrayList<>();
        try (RoundRobinBalancer lb = on.balancer(2)) {
            for (int round = 0; round < config.rounds(); round++) {
                for (String variant : alternate(round, "all up", "member frozen")) {
                    if (variant.equals("member frozen")) {
                        third.freeze();
                    }
                    try {
                        double[] ms = latencies(client, lb.port(), item, variant, round);
                        (variant.equals("all up") ? pooledUp : pooledFrozen)
                                .addAll(Arrays.stream(ms).boxed().toList());
                    } finally {
                        if (variant.equals("member frozen")) {
                            third.thaw();
                        }
                    }
                }
            }
            third.close(); // kill -9: the member is down for good
            List<Double> pooledDown = new ArrayList<>();
            for (int round = 0; round < config.rounds(); round++) {
                pooledDown.addAll(Arrays.stream(latencies(client, lb.port(), item,
                        "member down", round)).boxed().toList());
            }
            pooled(item, "all up", pooledUp);
            pooled(item, "member frozen", pooledFrozen);
            pooled(item, "member down", pooledDown);
        }
    }

    private double[] latencies(SSLContext client, int port, String item, String variant,
            int round) throws IOException {
        ResumptionProbe probe = new ResumptionProbe(client, "TLSv1.3", "localhost");
        // At least phaseSeconds, so that each frozen phase spans a rotator tick (every 10 s
        // with the default 1 h rotation): the ring read then times out on the rotator thread.
        List<Double> times = new ArrayList<>();
        int resumed = 0;
        long end = System.nanoTime() + config.phaseSeconds() * 1_000_000_000L;
        for (int i = 0; i < config.latencyConnections() || System.nanoTime() < end; i++) {
            ResumptionProbe.Observation o = probe.connect(i, "127.0.0.1", port);
            times.add(o.handshakeMillis());
            resumed += o.clientSaysResumed() ? 1 : 0;
        }
        double[] ms = times.stream().mapToDouble(Double::doubleValue).toArray();
        double[] sorted = ms.clone();
        Arrays.sort(sorted);
        results.add(item, "TLSv1.3", variant, round, "p50_ms", Results.percentile(sorted, 50),
                "ms");
        results.add(item, "TLSv1.3", variant, round, "p99_ms", Results.percentile(sorted, 99),
                "ms");
        results.add(item, "TLSv1.3", variant, round, "resumed_share",
                resumed / (double) (ms.length - 1), "ratio");
        log(item + " " + variant + ": p50 " + Results.percentile(sorted, 50) + " ms, p99 "
                + Results.percentile(sorted, 99) + " ms, resumed " + resumed);
        return ms;
    }

    private void pooled(String item, String variant, List<Double> values) {
        double[] sorted = values.stream().mapToDouble(Double::doubleValue).sorted().toArray();
        for (double p : new double[] {50, 90, 99, 100}) {
            results.add(item, "TLSv1.3 pooled", variant, 0,
                    "p" + (p == 100 ? "max" : Integer.toString((int) p)) + "_ms",
                    Results.percentile(sorted, p), "ms");
        }
    }

    // ---------------------------------------------------------------- helpers

    /**
     * Fresh JVMs spend their first seconds compiling: before any CPU or rate sample, both nodes
     * behind {@code balancerPort} serve full and resumed handshakes of every protocol measured.
     */
    private void warmUp(int balancerPort, List<String> protocols) throws Exception {
        for (String protocol : protocols) {
            for (boolean reuse : new boolean[] {false, true}) {
                STime.run(balancerPort, protocol, reuse, config.warmUpSeconds(), 1);
            }
        }
    }

    private static String seconds(List<Double> times) {
        return times.stream().map(t -> String.format(java.util.Locale.ROOT, "%.1f s", t))
                .collect(java.util.stream.Collectors.joining(", "));
    }

    /** Round r runs the variants rotated by r: A B, B A, ... or A B C, B C A, C A B, ... */
    static List<String> alternate(int round, String... variants) {
        List<String> order = new ArrayList<>();
        for (int i = 0; i < variants.length; i++) {
            order.add(variants[(i + round) % variants.length]);
        }
        return order;
    }

    static void log(String line) {
        System.out.println("[bench " + java.time.LocalTime.now(ZoneOffset.UTC).withNano(0) + "] "
                + line);
        System.out.flush();
    }

    /** Nodes in child JVMs: one Hazelcast cluster (ring on) or unrelated nodes (ring off). */
    static final class Cluster implements AutoCloseable {
        /** Every child JVM started, killed on exit too (Ctrl-C, a failed start elsewhere). */
        private static final List<NodeProcess> ALL =
                new java.util.concurrent.CopyOnWriteArrayList<>();

        static {
            Runtime.getRuntime().addShutdownHook(new Thread(() -> ALL.forEach(NodeProcess::close),
                    "bench-node-cleanup"));
        }

        final List<NodeProcess> nodes;

        private Cluster(List<NodeProcess> nodes) {
            this.nodes = nodes;
        }

        static Cluster start(String name, int size, boolean sharedRing, List<String> extra)
                throws Exception {
            TestNodes cluster = new TestNodes(size);
            ExecutorService starter = Executors.newFixedThreadPool(size);
            try {
                List<Future<NodeProcess>> futures = new ArrayList<>();
                for (int i = 0; i < size; i++) {
                    List<String> settings = new ArrayList<>();
                    if (sharedRing) {
                        cluster.properties(i).forEach((k, v) -> settings.add(k + "=" + v));
                    } else {
                        settings.addAll(List.of("cluster.mode=none", "nodeId=" + name + i));
                    }
                    settings.addAll(extra);
                    futures.add(starter.submit(() -> {
                        NodeProcess node = new NodeProcess(settings);
                        ALL.add(node);
                        return node;
                    }));
                }
                List<NodeProcess> nodes = new ArrayList<>();
                for (Future<NodeProcess> f : futures) {
                    nodes.add(f.get());
                }
                log("cluster " + name + ": " + size + " nodes" + (sharedRing ? " sharing a ring"
                        : " without a shared ring") + " " + extra);
                return new Cluster(nodes);
            } finally {
                starter.shutdown();
            }
        }

        RoundRobinBalancer balancer(int n) {
            return new RoundRobinBalancer(ports(n));
        }

        /** The TLS ports of the first {@code n} nodes. */
        List<Integer> ports(int n) {
            return nodes.subList(0, n).stream().map(NodeProcess::tlsPort).toList();
        }

        /** CPU time of the first {@code n} nodes' JVMs together. */
        Duration cpu(int n) {
            return nodes.subList(0, n).stream().map(NodeProcess::cpuTime)
                    .reduce(Duration.ZERO, Duration::plus);
        }

        @Override
        public void close() {
            nodes.forEach(NodeProcess::close);
        }
    }

    /** nginx for item 3, or the reason it is not there (recorded in the results). */
    static final class NginxRef implements AutoCloseable {
        private final Nginx nginx;

        private NginxRef(Nginx nginx) {
            this.nginx = nginx;
        }

        static NginxRef start(Results results) throws Exception {
            Path dir = TempFiles.directory("tlsresume-bench-pem");
            Path cert = dir.resolve("cert.pem");
            Path key = dir.resolve("key.pem");
            Process p = new ProcessBuilder("openssl", "req", "-x509", "-newkey", "ec",
                    "-pkeyopt", "ec_paramgen_curve:P-256", "-nodes", "-subj", "/CN=localhost",
                    "-days", "2", "-keyout", key.toString(), "-out", cert.toString())
                    .redirectErrorStream(true).start();
            p.getInputStream().readAllBytes();
            p.waitFor();
            try {
                Nginx nginx = Nginx.start(cert, key);
                results.note("nginx reference: " + nginx.version() + ", one worker, ticket key "
                        + "from an ssl_session_ticket_key file, EC P-256 certificate");
                return new NginxRef(nginx);
            } catch (IllegalStateException e) {
                results.note("nginx reference NOT measured: " + e.getMessage());
                return new NginxRef(null);
            }
        }

        boolean available() {
            return nginx != null;
        }

        int port() {
            return nginx.port();
        }

        @Override
        public void close() throws InterruptedException {
            if (nginx != null) {
                nginx.close();
            }
        }
    }

    /** The machine as the report states it. */
    record Machine(int cores, String cpu, String jdk, String os, String openssl,
            String loadBefore) {
        static Machine now() {
            String cpu = "?";
            try {
                cpu = Files.readAllLines(Path.of("/proc/cpuinfo")).stream()
                        .filter(l -> l.startsWith("model name")).findFirst()
                        .map(l -> l.substring(l.indexOf(':') + 1).trim()).orElse("?");
            } catch (IOException ignored) {
                // not Linux
            }
            return new Machine(Runtime.getRuntime().availableProcessors(), cpu,
                    System.getProperty("java.vm.name") + " " + System.getProperty("java.version"),
                    System.getProperty("os.name") + " " + System.getProperty("os.version"),
                    command("openssl", "version"), loadAverage());
        }

        static String loadAverage() {
            try {
                String[] f = Files.readString(Path.of("/proc/loadavg")).split(" ");
                return f[0] + " " + f[1] + " " + f[2];
            } catch (IOException e) {
                return "?";
            }
        }

        private static String command(String... cmd) {
            try {
                Process p = new ProcessBuilder(cmd).redirectErrorStream(true).start();
                String out = new String(p.getInputStream().readAllBytes()).trim();
                p.waitFor();
                return out;
            } catch (IOException | InterruptedException e) {
                return "?";
            }
        }

        @Override
        public String toString() {
            return cores + " cores (" + cpu + "), " + jdk + ", " + os + ", load " + loadBefore;
        }
    }
}
