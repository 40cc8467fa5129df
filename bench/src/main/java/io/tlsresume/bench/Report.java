package io.tlsresume.bench;

import io.tlsresume.bench.Results.Summary;
import java.time.ZoneOffset;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.util.List;
import java.util.Locale;

/** results.md: every figure is a median (and min-max) over the rounds of results.csv. */
final class Report {
    private final Results r;
    private final Bench.Machine machine;
    private final Bench.Config config;
    private final StringBuilder md = new StringBuilder();

    Report(Results results, Bench.Machine machine, Bench.Config config) {
        this.r = results;
        this.machine = machine;
        this.config = config;
    }

    String markdown() {
        md.append("# tlsresume bench results\n\n");
        md.append("- Date: ").append(ZonedDateTime.now(ZoneOffset.UTC)
                .format(DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm 'UTC'"))).append('\n');
        md.append("- Machine: ").append(machine.cores()).append(" cores (").append(machine.cpu())
                .append("), ").append(machine.os()).append(", shared with other builds: load ")
                .append("average at start ").append(machine.loadBefore()).append('\n');
        md.append("- JDK: ").append(machine.jdk()).append("; client: ").append(machine.openssl())
                .append(" (`s_time`) and the JDK client of the demo\n");
        md.append("- Mode: `").append(config.mode()).append("`, ").append(config.rounds())
                .append(" rounds").append(config.saturationRounds() == config.rounds() ? ""
                        : " (item 3: " + config.saturationRounds() + ")")
                .append(", variants alternated (A B, B A, ...), ")
                .append(config.sampleSeconds()).append(" s per s_time sample. Figures are ")
                .append("medians over the rounds with [min - max]; ratios are medians of the ")
                .append("per-round ratios of variants run side by side. Raw samples: ")
                .append("`results.csv`.\n\n");
        md.append("![plot](plot.png)\n\n");
        item1();
        item2();
        item3();
        item4();
        item5();
        item6();
        item8();
        md.append("## Notes\n\n");
        for (String note : r.notes()) {
            md.append("- ").append(note).append('\n');
        }
        return md.toString();
    }

    private void item1() {
        String item = "1-resumption-rate";
        if (r.rows().stream().noneMatch(x -> x.item().equals(item))) {
            return;
        }
        md.append("## 1. Resumption rate through the round-robin balancer\n\n")
                .append("JDK client (the test kit's ResumptionProbe, judged on the client side), ")
                .append(config.probeConnections()).append(" connections per sample through ")
                .append("the test kit's RoundRobinBalancer; share of reconnections resumed. ")
                .append("Goal: >= 99.9 % with the ring, ~0 % without.\n\n")
                .append("| Nodes, protocol | ring on | ring off |\n|---|---|---|\n");
        for (String setup : setups(item)) {
            md.append("| ").append(setup).append(" | ")
                    .append(pct(r.summary(item, setup, "ring on", "resumed_share"))).append(" | ")
                    .append(pct(r.summary(item, setup, "ring off", "resumed_share")))
                    .append(" |\n");
        }
        md.append('\n');
    }

    private void item2() {
        String item = "2-server-cpu";
        if (r.rows().stream().noneMatch(x -> x.item().equals(item))) {
            return;
        }
        md.append("## 2. Server CPU per handshake\n\n")
                .append("Process CPU time of both node JVMs (child processes, read through ")
                .append("`ProcessHandle`) divided by the handshakes made in the sample by ")
                .append(2 * config.cpuClientsPerNode()).append(" `openssl s_time` clients ")
                .append("(`-www /`), each behind a balancer of its own, half starting on node A ")
                .append("and half on node B, so that every variant loads both JVMs alike: ")
                .append("full = `-new`; same-node = `-reuse`, each client always on its first ")
                .append("node; cross-node = `-reuse` with every resumption ")
                .append("on the node that did not issue the ticket presented (TLS 1.3: nodes ")
                .append("alternate, as each resumption brings fresh tickets; TLS 1.2: the ")
                .append("first session is kept, all later connections go to the other node). ")
                .append("Includes accepting the connection and answering one HTTP request, and ")
                .append("whatever the JVMs do in the background meanwhile (last column: their ")
                .append("CPU while idle, sampled for 1 s each round). Goal: cross-node within ")
                .append("5 % of same-node.\n\n");
        Summary check = r.summary(item, "ECDSA-P256 " + Bench.TLS13, "route check, ring off",
                "resumed_share");
        if (check != null) {
            md.append("Route check: the TLS 1.3 cross-node route, run against the nodes ")
                    .append("without a shared ring, resumed ").append(pctShort(check))
                    .append(" (a resumption there is impossible unless it lands on the issuer).")
                    .append("\n\n");
        }
        md.append("| Certificate, protocol | full (µs) | same-node resumed (µs) | ")
                .append("cross-node resumed (µs) | **cross / same** | full / same | resumed ")
                .append("share (same, cross) | idle JVMs (µs CPU per s) |\n")
                .append("|---|---|---|---|---|---|---|---|\n");
        for (String setup : setups(item)) {
            String m = "cpu_us_per_handshake";
            md.append("| ").append(setup)
                    .append(" | ").append(num(r.summary(item, setup, "full", m)))
                    .append(" | ").append(num(r.summary(item, setup, "same-node resumed", m)))
                    .append(" | ").append(num(r.summary(item, setup, "cross-node resumed", m)))
                    .append(" | ").append(ratio(r.ratio(item, setup, "cross-node resumed",
                            "same-node resumed", m)))
                    .append(" | ").append(ratio(r.ratio(item, setup, "full", "same-node resumed",
                            m)))
                    .append(" | ").append(pctShort(r.summary(item, setup, "same-node resumed",
                            "resumed_share"))).append(", ")
                    .append(pctShort(r.summary(item, setup, "cross-node resumed",
                            "resumed_share")))
                    .append(" | ").append(num(r.summary(item, setup, "idle",
                            "idle_cpu_us_per_s"))).append(" |\n");
        }
        md.append('\n');
        item2Nginx(item);
    }

    /** Item 2's C anchor: nginx measured the same way in the same rounds, and node / nginx. */
    private void item2Nginx(String item) {
        String m = "cpu_us_per_handshake";
        if (r.rows().stream().noneMatch(x -> x.item().equals(item)
                && x.variant().equals(NginxCpu.RESUMED))) {
            return;
        }
        md.append("Against nginx (the C anchor, issue 16): nginx with the nodes' own certificate ")
                .append("and key, one worker, driven in the same rounds by the same number of ")
                .append("`s_time` clients, each behind a balancer of its own; CPU of its master ")
                .append("and worker per connection. Node / nginx pairs the samples of one ")
                .append("round. Goal: resumed <= 1.25x nginx.\n\n")
                .append("| Certificate, protocol | nginx full (µs) | nginx resumed (µs) | node / ")
                .append("nginx, full | **node / nginx, same-node resumed** | node / nginx, ")
                .append("cross-node resumed | nginx resumed share |\n")
                .append("|---|---|---|---|---|---|---|\n");
        for (String setup : setups(item)) {
            if (r.summary(item, setup, NginxCpu.RESUMED, m) == null) {
                continue;
            }
            md.append("| ").append(setup)
                    .append(" | ").append(num(r.summary(item, setup, NginxCpu.FULL, m)))
                    .append(" | ").append(num(r.summary(item, setup, NginxCpu.RESUMED, m)))
                    .append(" | ").append(ratio(r.ratio(item, setup, "full", NginxCpu.FULL, m)))
                    .append(" | ").append(ratio(r.ratio(item, setup, "same-node resumed",
                            NginxCpu.RESUMED, m)))
                    .append(" | ").append(ratio(r.ratio(item, setup, "cross-node resumed",
                            NginxCpu.RESUMED, m)))
                    .append(" | ").append(pctShort(r.summary(item, setup, NginxCpu.RESUMED,
                            "resumed_share")))
                    .append(" |\n");
        }
        md.append('\n');
    }

    private void item3() {
        String item = "3-saturation";
        if (r.rows().stream().noneMatch(x -> x.item().equals(item))) {
            return;
        }
        String m = "handshakes_per_s";
        md.append("## 3. Handshakes per second at saturation\n\n")
                .append(config.saturationClients()).append(" parallel `openssl s_time` ")
                .append("clients reconnecting for ").append(config.sampleSeconds())
                .append(" s (`-www /`), nginx from Debian as the reference (one worker, a ")
                .append("shared `ssl_session_ticket_key`). Goal: our on/off ratio >= nginx's ")
                .append("reuse/new ratio.\n\n")
                .append("Through a balancer (one per client, strictly alternating): ring on / ")
                .append("off = `-reuse` to two nodes, with the ring every reconnection resumes, ")
                .append("without it none does; nginx = `-reuse` vs `-new` to nginx behind the ")
                .append("same kind of balancer. Straight to one server, no balancer: a node ")
                .append("`-reuse` vs `-new`, nginx `-reuse` vs `-new`.\n\n")
                .append("| Protocol | ring on (/s) | ring off (/s) | **on / off** | nginx ")
                .append("balanced -reuse | nginx balanced -new | **nginx balanced reuse / ")
                .append("new** |\n|---|---|---|---|---|---|---|\n");
        for (String setup : setups(item)) {
            md.append("| ").append(setup)
                    .append(" | ").append(num(r.summary(item, setup, "ring on", m)))
                    .append(" | ").append(num(r.summary(item, setup, "ring off", m)))
                    .append(" | ").append(ratio(r.ratio(item, setup, "ring on", "ring off", m)))
                    .append(" | ").append(num(r.summary(item, setup, "nginx -reuse, balanced",
                            m)))
                    .append(" | ").append(num(r.summary(item, setup, "nginx -new, balanced", m)))
                    .append(" | ").append(ratio(r.ratio(item, setup, "nginx -reuse, balanced",
                            "nginx -new, balanced", m)))
                    .append(" |\n");
        }
        md.append("\n| Protocol | node -reuse | node -new | **node reuse / new** | nginx ")
                .append("-reuse | nginx -new | **nginx reuse / new** |\n")
                .append("|---|---|---|---|---|---|---|\n");
        for (String setup : setups(item)) {
            md.append("| ").append(setup)
                    .append(" | ").append(num(r.summary(item, setup, "node -reuse", m)))
                    .append(" | ").append(num(r.summary(item, setup, "node -new", m)))
                    .append(" | ").append(ratio(r.ratio(item, setup, "node -reuse", "node -new",
                            m)))
                    .append(" | ").append(num(r.summary(item, setup, "nginx -reuse", m)))
                    .append(" | ").append(num(r.summary(item, setup, "nginx -new", m)))
                    .append(" | ").append(ratio(r.ratio(item, setup, "nginx -reuse",
                            "nginx -new", m)))
                    .append(" |\n");
        }
        md.append("\nResumed share (ring on, ring off): ");
        for (String setup : setups(item)) {
            md.append(setup).append(' ')
                    .append(pctShort(r.summary(item, setup, "ring on", "resumed_share")))
                    .append(", ")
                    .append(pctShort(r.summary(item, setup, "ring off", "resumed_share")))
                    .append("; ");
        }
        md.append("\n\n");
    }

    private void item4() {
        String item = "4-rotation";
        if (r.rows().stream().noneMatch(x -> x.item().equals(item))) {
            return;
        }
        md.append("## 4. Key rotation under continuous load\n\n")
                .append("One `openssl s_time -reuse` client through the balancer to two nodes ")
                .append("for ").append(config.rotationSeconds()).append(" s per sample; ")
                .append("rotation every 1 s (ticket lifetime ").append(Bench.ROTATION_LIFETIME)
                .append(" s) vs the default 1 h. Failure = a reconnection that was not ")
                .append("resumed. Goal: 0. The lifetime is longer than a sample because a TLS ")
                .append("1.2 session ends one lifetime after its full handshake, however often ")
                .append("its ticket was renewed (BoringSSL keeps the session's start time): ")
                .append("in an earlier run with a 10 s lifetime and 15 s samples each TLS 1.2 ")
                .append("sample had exactly one full handshake, about 9.5 s in: that expiry, ")
                .append("not the ring.\n\n")
                .append("| Protocol | variant | reconnections (sum) | failures (sum) |\n")
                .append("|---|---|---|---|\n");
        for (String setup : setups(item)) {
            for (String variant : List.of("rotation 1s", "rotation 1h")) {
                md.append("| ").append(setup).append(" | ").append(variant).append(" | ")
                        .append(sum(r.values(item, setup, variant, "reconnections")))
                        .append(" | ").append(sum(r.values(item, setup, variant, "failures")))
                        .append(" |\n");
            }
        }
        md.append('\n');
    }

    private void item5() {
        String item = "5-member-frozen";
        if (r.rows().stream().noneMatch(x -> x.item().equals(item))) {
            return;
        }
        md.append("## 5. Handshake latency with a Hazelcast member frozen or down\n\n")
                .append("Three members; the balancer sends to the first two; the third is ")
                .append("frozen with SIGSTOP in alternate phases, and killed for the last ")
                .append("phase. JDK client, TLS 1.3 reconnections, handshake time as the client ")
                .append("sees it, at least ").append(config.latencyConnections())
                .append(" connections and ").append(config.phaseSeconds())
                .append(" s per phase and round").append(config.phaseSeconds() >= 10
                        ? " (a rotator tick, every 10 s, falls into each frozen phase)"
                        : " (shorter than the rotator's 10 s tick: a frozen phase may miss it)")
                .append(". Goal: no handshake waits on ")
                .append("Hazelcast (no change).\n\n")
                .append("| Phase | p50 (ms) | p90 | p99 | max | per-round p50 | p50 vs all up ")
                .append("| resumed |\n|---|---|---|---|---|---|---|---|\n");
        for (String variant : List.of("all up", "member frozen", "member down")) {
            String pooled = "TLSv1.3 pooled";
            md.append("| ").append(variant)
                    .append(" | ").append(one(r.summary(item, pooled, variant, "p50_ms")))
                    .append(" | ").append(one(r.summary(item, pooled, variant, "p90_ms")))
                    .append(" | ").append(one(r.summary(item, pooled, variant, "p99_ms")))
                    .append(" | ").append(one(r.summary(item, pooled, variant, "pmax_ms")))
                    .append(" | ").append(num(r.summary(item, "TLSv1.3", variant, "p50_ms")))
                    .append(" | ").append(variant.equals("all up") ? "1" : ratio(r.ratio(item,
                            "TLSv1.3", variant, "all up", "p50_ms")))
                    .append(" | ").append(pctShort(r.summary(item, "TLSv1.3", variant,
                            "resumed_share")))
                    .append(" |\n");
        }
        md.append("\n(\"member down\" runs after the last frozen phase, so its ratio pairs it ")
                .append("with the all-up sample of the same round number, taken earlier.)\n\n");
    }

    private void item6() {
        String item = "6-ring";
        if (r.rows().stream().noneMatch(x -> x.item().equals(item))) {
            return;
        }
        md.append("## 6. Ring install time and Hazelcast memory\n\n")
                .append("| Measure | median [min - max] |\n|---|---|\n");
        for (String size : List.of("2 keys", "14 keys")) {
            md.append("| install a ring of ").append(size)
                    .append(" into the engine (JMH, µs) | ")
                    .append(num(r.summary(item, "install (JMH)", size, "install_us")))
                    .append(" |\n");
        }
        md.append("| Hazelcast memory per key, owned + backup copy (B) | ")
                .append(num(r.summary(item, "Hazelcast memory", "per key", "bytes")))
                .append(" |\n| Hazelcast memory per session (B per handshake) | ")
                .append(num(r.summary(item, "Hazelcast memory", "per session", "bytes")))
                .append(" |\n\nMemory is Hazelcast's own count (`LocalMapStats` owned + backup ")
                .append("entry cost, two members). Sessions are tickets held by clients, so the ")
                .append("per-session figure is the map's growth over a sample of handshakes.\n\n");
    }

    private void item8() {
        String item = FleetBench.ITEM;
        if (r.rows().stream().noneMatch(x -> x.item().equals(item))) {
            return;
        }
        md.append("## 8. A fleet in client mode (Hazelcast clients of a store cluster)\n\n")
                .append("Plain Hazelcast members form the store cluster (with the ring maps' ")
                .append("configuration, no rotator, no TLS); the application nodes join it with ")
                .append("`cluster.mode=client`, sealing on, rotation every ")
                .append(FleetBench.ROTATION.toSeconds()).append(" s (a rotator tick every ")
                .append(FleetBench.TICK.toMillis()).append(" ms), each with a TLS server; all in ")
                .append("the bench JVM. Bytes = what each node's client connections read and ")
                .append("wrote; CPU = thread CPU time of the nodes' Hazelcast clients and ")
                .append("rotators (per node), and of the store members' threads (per member). ")
                .append("Convergence = from `rotateNow` on one node until every node holds the ")
                .append("key. Then the first store member is killed (`terminate`, no graceful ")
                .append("migration) and everything is measured again.\n\n");
        for (String setup : setups(item)) {
            md.append("**").append(setup).append("**: node start ")
                    .append(num(r.summary(item, setup, "node start", "start_ms")))
                    .append(" ms; per node ")
                    .append(one(r.summary(item, setup, "per node", "threads")))
                    .append(" threads, ")
                    .append(one(r.summary(item, setup, "per node", "heap_bytes")))
                    .append(" B of heap (after GC).\n\n")
                    .append("| Measure | all members up | one member killed |\n|---|---|---|\n");
            String up = "all members up";
            String down = "one member killed";
            for (String[] m : new String[][] {
                    {"read_bytes_per_node_tick", "bytes read per node and tick"},
                    {"written_bytes_per_node_tick", "bytes written per node and tick"},
                    {"cpu_us_per_node_tick", "CPU per node and tick (µs)"},
                    {"store_read_bytes_per_member_tick",
                            "store member: member-to-member bytes read per tick"},
                    {"cpu_us_per_member_tick", "store member: CPU per tick (µs)"},
                    {"rotate_call_ms", "rotateNow call (ms)"},
                    {"convergence_ms", "key on every node after (ms)"},
                    {"convergence_ticks", "key on every node after (ticks)"},
                    {"nodes_without_key_at_deadline", "nodes without the key "
                            + FleetBench.CONVERGENCE_DEADLINE.toSeconds() + " s after it was "
                            + "made (per rotation)"}}) {
                md.append("| ").append(m[1]).append(" | ")
                        .append(num(r.summary(item, setup, up, m[0]))).append(" | ")
                        .append(num(r.summary(item, setup, down, m[0]))).append(" |\n");
            }
            for (String protocol : List.of("TLSv1.2", "TLSv1.3")) {
                md.append("| resumed ").append(protocol).append(" (client saw; nodes counted) | ")
                        .append(resumedCell(item, setup, up + ", " + protocol)).append(" | ")
                        .append(resumedCell(item, setup, down + ", " + protocol))
                        .append(" |\n");
            }
            if (r.summary(item, setup, down, "first_rotation_after_kill_ms") == null) {
                md.append('\n');
                continue;
            }
            md.append("\nAfter the kill: first successful rotation after ")
                    .append(one(r.summary(item, setup, down, "first_rotation_after_kill_ms")))
                    .append(" ms; nodes that reported the ring degraded meanwhile: ")
                    .append(one(r.summary(item, setup, down, "nodes_degraded_after_kill")))
                    .append(", still degraded at the end: ")
                    .append(one(r.summary(item, setup, down, "nodes_degraded_at_end")))
                    .append(".\n\n");
        }
    }

    private String resumedCell(String item, String setup, String variant) {
        return pctShort(r.summary(item, setup, variant, "resumed_share")) + " ("
                + one(r.summary(item, setup, variant, "client_saw_resumed")) + "; "
                + one(r.summary(item, setup, variant, "server_counted_resumed")) + ")";
    }

    private List<String> setups(String item) {
        return r.rows().stream().filter(x -> x.item().equals(item)).map(Results.Row::setup)
                .distinct().toList();
    }

    static String fmt(double v) {
        if (Math.abs(v) >= 100) {
            return String.format(Locale.ROOT, "%,.0f", v);
        }
        if (Math.abs(v) >= 10) {
            return String.format(Locale.ROOT, "%.1f", v);
        }
        return String.format(Locale.ROOT, "%.2f", v);
    }

    private static String num(Summary s) {
        return s == null ? "not measured" : fmt(s.median()) + " [" + fmt(s.min()) + " - "
                + fmt(s.max()) + "]";
    }

    private static String one(Summary s) {
        return s == null ? "not measured" : fmt(s.median());
    }

    private static String ratio(Summary s) {
        return s == null ? "not measured" : String.format(Locale.ROOT, "%.2fx [%.2f - %.2f]",
                s.median(), s.min(), s.max());
    }

    private static String pct(Summary s) {
        return s == null ? "not measured" : String.format(Locale.ROOT,
                "%.1f %% [%.1f - %.1f]", 100 * s.median(), 100 * s.min(), 100 * s.max());
    }

    private static String pctShort(Summary s) {
        return s == null ? "-" : String.format(Locale.ROOT, "%.1f %%", 100 * s.median());
    }

    private static String sum(double[] values) {
        return values.length == 0 ? "not measured"
                : String.format(Locale.ROOT, "%.0f", java.util.Arrays.stream(values).sum());
    }
}
