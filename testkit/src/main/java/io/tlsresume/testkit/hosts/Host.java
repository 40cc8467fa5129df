package io.tlsresume.testkit.hosts;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * One network host of {@link NetworkHosts}: a Linux network namespace with its own address on
 * the bridge, {@code lo} up and a default route through the gateway.
 */
public final class Host {
    private final String name;
    private final String namespace;
    private final String address;
    private final String rootLink;
    private final String hostLink;
    private final String gateway;

    Host(String name, String namespace, String address, String rootLink, String hostLink,
            String gateway) {
        this.name = name;
        this.namespace = namespace;
        this.address = address;
        this.rootLink = rootLink;
        this.hostLink = hostLink;
        this.gateway = gateway;
    }

    /** Short name, {@code h1}..{@code hN}. */
    public String name() {
        return name;
    }

    /** The network namespace's name (unique per run). */
    public String namespace() {
        return namespace;
    }

    /** Its IPv4 address on the bridge. */
    public String address() {
        return address;
    }

    String rootLink() {
        return rootLink;
    }

    /** Runs {@code command} inside this host's namespace ({@code ip netns exec}). */
    public ProcessBuilder process(List<String> command) {
        List<String> full = new ArrayList<>(List.of("ip", "netns", "exec", namespace));
        full.addAll(command);
        return new ProcessBuilder(full);
    }

    /** Link down (the bridge side of its veth): this host is cut off from every other. */
    public void disconnect() {
        ip("link", "set", rootLink, "down");
    }

    /**
     * Link up again: returns once both ends report the link up, with the default route back (a
     * carrier loss may have dropped it) and no neighbour entry left failed from the cut.
     */
    public void reconnect() {
        ip("link", "set", rootLink, "up");
        long deadline = System.nanoTime() + java.util.concurrent.TimeUnit.SECONDS.toNanos(10);
        while (!(linkUp(List.of("ip", "-br", "link", "show", "dev", rootLink))
                && linkUp(List.of("ip", "-n", namespace, "-br", "link", "show", "dev",
                        hostLink)))) {
            if (System.nanoTime() > deadline) {
                throw new IllegalStateException(this + ": link not up 10 s after reconnect");
            }
            try {
                Thread.sleep(50);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException(e);
            }
        }
        ip("-n", namespace, "neigh", "flush", "dev", hostLink);
        ip("-n", namespace, "route", "replace", "default", "via", gateway);
    }

    private static boolean linkUp(List<String> command) {
        try {
            String[] fields = Commands.run(command.toArray(String[]::new)).trim().split("\\s+");
            return fields.length > 1 && fields[1].equals("UP");
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /**
     * Processes started in this host from now on resolve names through {@code address}
     * ({@code /etc/netns/<namespace>/resolv.conf}, which {@code ip netns exec} mounts over
     * {@code /etc/resolv.conf}).
     */
    public void useNameServer(String nameServer) {
        try {
            Path dir = NetworkHosts.etcDir(namespace);
            Files.createDirectories(dir);
            Files.writeString(dir.resolve("resolv.conf"), "nameserver " + nameServer
                    + "\noptions timeout:1 attempts:2\n", StandardCharsets.US_ASCII);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static void ip(String... args) {
        String[] command = new String[args.length + 1];
        command[0] = "ip";
        System.arraycopy(args, 0, command, 1, args.length);
        try {
            Commands.run(command);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    @Override
    public String toString() {
        return name + "(" + address + ")";
    }
}
