package io.tlsresume.testkit.hosts;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HexFormat;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.concurrent.ThreadLocalRandom;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Separate network hosts on this machine: Linux network namespaces on one bridge. Each host is a
 * namespace with one end of a veth pair (its own address, {@code lo} up, default route via the
 * gateway); the other end is on a bridge in the root namespace that holds the gateway address,
 * so the hosts reach each other and the root namespace (where HAProxy or a DNS server listens on
 * {@link #gatewayAddress()}), and nothing else: the subnet is a fresh private /24 not routed
 * anywhere.
 *
 * <p>Names are unique per run: namespaces {@code tlsr-<pid>-<id>-h<n>}, bridge {@code trb<id>},
 * veths {@code tr<id>h<n>} (bridge side) and {@code tr<id>n<n>} (host side), {@code <id>} five
 * random hex digits. {@link #close()} (also run by a shutdown hook) removes them all and
 * {@code /etc/netns/<namespace>}; {@link #create} first removes what earlier runs whose JVM is
 * gone left behind (their pid is in the namespace name and in the bridge's alias).
 */
public final class NetworkHosts implements AutoCloseable {
    private static final String NS_PREFIX = "tlsr-";
    private static final Pattern OUR_NAMESPACE =
            Pattern.compile("^" + NS_PREFIX + "(\\d+)-([0-9a-f]{5})-h\\d+\\b");
    private static final Pattern OUR_BRIDGE =
            Pattern.compile("^\\d+: (trb[0-9a-f]{5})[:@].*\\balias tlsresume-hosts pid=(\\d+)");
    private static final Set<NetworkHosts> OPEN = Collections.synchronizedSet(
            new LinkedHashSet<>());
    private static volatile String unavailable;

    static {
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            for (NetworkHosts hosts : List.copyOf(OPEN)) {
                hosts.close();
            }
        }, "network-hosts-cleanup"));
    }

    private final String id;
    private final String bridge;
    private final String gateway;
    private final List<Host> hosts = new ArrayList<>();
    private boolean closed;

    private NetworkHosts(String id, String subnet) {
        this.id = id;
        this.bridge = "trb" + id;
        this.gateway = subnet + ".1";
    }

    /**
     * Empty if namespaces can be made here (Linux, root, {@code ip} present and working); else
     * why not, for a test's assumption message.
     */
    public static String unavailableReason() {
        String reason = unavailable;
        if (reason == null) {
            reason = probe();
            unavailable = reason;
        }
        return reason;
    }

    private static String probe() {
        if (!System.getProperty("os.name").toLowerCase(Locale.ROOT).contains("linux")) {
            return "network namespaces need Linux (this is " + System.getProperty("os.name") + ")";
        }
        try {
            if (!Commands.run("id", "-u").trim().equals("0")) {
                return "network namespaces need root (ip netns add); this user is not root";
            }
        } catch (IOException e) {
            return "cannot tell the user id: " + e.getMessage();
        }
        try {
            Commands.run("ip", "-V");
        } catch (IOException e) {
            return "the ip command (iproute2) is missing: " + e.getMessage();
        }
        String probe = NS_PREFIX + ProcessHandle.current().pid() + "-probe";
        try {
            Commands.run("ip", "netns", "add", probe);
        } catch (IOException e) {
            return "ip netns add failed here (no CAP_SYS_ADMIN?): " + e.getMessage();
        }
        Commands.quietly(List.of("ip", "netns", "del", probe));
        return "";
    }

    /**
     * {@code count} hosts h1..hN on a fresh bridge and a fresh private /24, names unique per run.
     *
     * @throws IllegalStateException if {@link #unavailableReason()} is not empty
     */
    public static NetworkHosts create(int count) throws IOException {
        String reason = unavailableReason();
        if (!reason.isEmpty()) {
            throw new IllegalStateException(reason);
        }
        sweepStale();
        String id = HexFormat.of().toHexDigits(ThreadLocalRandom.current().nextInt()).substring(3);
        NetworkHosts made = new NetworkHosts(id, freeSubnet());
        OPEN.add(made);
        try {
            made.build(count);
        } catch (IOException | RuntimeException e) {
            made.close();
            throw e;
        }
        return made;
    }

    private void build(int count) throws IOException {
        String subnet = gateway.substring(0, gateway.lastIndexOf('.'));
        long pid = ProcessHandle.current().pid();
        Commands.run("ip", "link", "add", bridge, "type", "bridge");
        Commands.run("ip", "link", "set", bridge, "alias", "tlsresume-hosts pid=" + pid);
        Commands.run("ip", "addr", "add", gateway + "/24", "dev", bridge);
        Commands.run("ip", "link", "set", bridge, "up");
        for (int i = 1; i <= count; i++) {
            String namespace = NS_PREFIX + pid + "-" + id + "-h" + i;
            String rootLink = "tr" + id + "h" + i;
            String hostLink = "tr" + id + "n" + i;
            String address = subnet + "." + (10 + i);
            Commands.run("ip", "netns", "add", namespace);
            hosts.add(new Host("h" + i, namespace, address, rootLink, hostLink, gateway));
            Commands.run("ip", "link", "add", rootLink, "type", "veth", "peer", "name", hostLink);
            Commands.run("ip", "link", "set", hostLink, "netns", namespace);
            Commands.run("ip", "link", "set", rootLink, "master", bridge, "up");
            Commands.run("ip", "-n", namespace, "addr", "add", address + "/24", "dev", hostLink);
            Commands.run("ip", "-n", namespace, "link", "set", "lo", "up");
            Commands.run("ip", "-n", namespace, "link", "set", hostLink, "up");
            Commands.run("ip", "-n", namespace, "route", "add", "default", "via", gateway);
        }
    }

    /** A 10.x.y.0/24 prefix ({@code 10.x.y}) that no address or route here uses yet. */
    private static String freeSubnet() throws IOException {
        String used = Commands.run("ip", "-4", "addr") + Commands.run("ip", "-4", "route");
        for (int attempt = 0; attempt < 100; attempt++) {
            String subnet = "10." + ThreadLocalRandom.current().nextInt(100, 250) + "."
                    + ThreadLocalRandom.current().nextInt(0, 256);
            if (!used.contains(" " + subnet + ".") && !used.contains("\n" + subnet + ".")
                    && !used.startsWith(subnet + ".")) {
                return subnet;
            }
        }
        throw new IOException("no free 10.x.y.0/24 subnet found");
    }

    /** Removes namespaces and bridges of earlier runs whose JVM no longer exists. */
    private static void sweepStale() throws IOException {
        for (String line : Commands.run("ip", "netns", "list").split("\n")) {
            Matcher m = OUR_NAMESPACE.matcher(line.trim());
            if (m.find() && !alive(m.group(1))) {
                String namespace = line.trim().split("\\s+")[0];
                Commands.quietly(List.of("ip", "netns", "del", namespace));
                Commands.quietly(List.of("rm", "-rf", etcDir(namespace).toString()));
                Commands.quietly(List.of("ip", "link", "del", "trb" + m.group(2)));
            }
        }
        for (String line : Commands.run("ip", "-o", "link", "show", "type", "bridge")
                .split("\n")) {
            Matcher m = OUR_BRIDGE.matcher(line);
            if (m.find() && !alive(m.group(2))) {
                Commands.quietly(List.of("ip", "link", "del", m.group(1)));
            }
        }
    }

    private static boolean alive(String pid) {
        return ProcessHandle.of(Long.parseLong(pid)).map(ProcessHandle::isAlive).orElse(false);
    }

    static Path etcDir(String namespace) {
        return Path.of("/etc/netns", namespace);
    }

    /** The hosts, h1 first. */
    public List<Host> hosts() {
        return List.copyOf(hosts);
    }

    /** The host named {@code name} ({@code h1}..). */
    public Host host(String name) {
        return hosts.stream().filter(h -> h.name().equals(name)).findFirst()
                .orElseThrow(() -> new IllegalArgumentException("no host " + name));
    }

    /**
     * The bridge's address in the root namespace: every host reaches it; HAProxy, dnsmasq listen
     * here.
     */
    public String gatewayAddress() {
        return gateway;
    }

    /** Removes the namespaces, veths (with them), the bridge and {@code /etc/netns/<ns>}. */
    @Override
    public synchronized void close() {
        if (closed) {
            return;
        }
        closed = true;
        List<String> problems = new ArrayList<>();
        for (Host host : hosts) {
            // Deleting one end of a veth deletes both; the namespace may outlive its name while a
            // process still runs in it.
            Commands.quietly(List.of("ip", "link", "del", host.rootLink()));
            problems.add(Commands.quietly(List.of("ip", "netns", "del", host.namespace())));
            Path etc = etcDir(host.namespace());
            if (Files.exists(etc)) {
                problems.add(Commands.quietly(List.of("rm", "-rf", etc.toString())));
            }
        }
        problems.add(Commands.quietly(List.of("ip", "link", "del", bridge)));
        OPEN.remove(this);
        problems.removeIf(String::isEmpty);
        if (!problems.isEmpty()) {
            System.err.println("NetworkHosts " + id + ": cleanup problems: " + problems);
        }
    }

    @Override
    public String toString() {
        return "NetworkHosts[" + bridge + " " + gateway + "/24 " + hosts + "]";
    }
}
