package io.tlsresume.core;

import java.net.Inet4Address;
import java.net.InetAddress;
import java.net.NetworkInterface;
import java.net.SocketException;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.stream.Collectors;

/**
 * What {@code cluster.interface=auto} binds to: the one address a pod (or a host with one
 * network) has besides loopback. A pod has exactly one such address, its pod IP, which nobody
 * can write into a manifest in advance; a host with several networks must name its address,
 * because a member advertising the wrong one is unreachable to its peers.
 */
final class AutomaticInterface {

    /** The word that asks for the automatic choice. */
    static final String AUTO = "auto";

    /** One address of one interface of this host. */
    record Candidate(String interfaceName, InetAddress address) {
        @Override
        public String toString() {
            return interfaceName + " " + address.getHostAddress();
        }
    }

    /**
     * The chosen address.
     *
     * @param address the IP address, as text
     * @param reason why it was chosen, for the start log
     */
    record Choice(String address, String reason) {
    }

    private AutomaticInterface() {
    }

    /**
     * Chooses among this host's addresses.
     *
     * @throws IllegalArgumentException saying why no single address could be chosen
     */
    static Choice ofThisHost() {
        return choose(candidates());
    }

    /**
     * The rule: addresses of interfaces that are up, not loopback, not link-local; IPv4 ones if
     * there are any, else IPv6. One left: that one. Several: the only site-local (private) one,
     * if exactly one is. Otherwise no choice: the message lists them.
     */
    static Choice choose(List<Candidate> all) {
        List<Candidate> usable = all.stream()
                .filter(c -> !c.address().isLoopbackAddress() && !c.address().isLinkLocalAddress()
                        && !c.address().isMulticastAddress() && !c.address().isAnyLocalAddress())
                .toList();
        List<Candidate> v4 = usable.stream().filter(c -> c.address() instanceof Inet4Address)
                .toList();
        List<Candidate> pool = v4.isEmpty() ? usable : v4;
        String family = v4.isEmpty() ? "IPv6" : "IPv4";
        if (pool.isEmpty()) {
            throw new IllegalArgumentException("'auto' found no address of this host besides"
                    + " loopback and link-local ones (interfaces: " + describe(all) + "); name"
                    + " the address the other members reach this host at");
        }
        if (pool.size() == 1) {
            return choice(pool.get(0), "the only non-loopback " + family + " address of this"
                    + " host");
        }
        List<Candidate> siteLocal = pool.stream().filter(c -> c.address().isSiteLocalAddress())
                .toList();
        if (siteLocal.size() == 1) {
            return choice(siteLocal.get(0), "the only private (site-local) " + family
                    + " address among " + describe(pool));
        }
        throw new IllegalArgumentException("'auto' cannot choose: this host has several "
                + family + " addresses (" + describe(pool) + "); name the one the other members"
                + " reach this host at");
    }

    private static Choice choice(Candidate c, String why) {
        return new Choice(c.address().getHostAddress().replaceFirst("%.*$", ""),
                c.address().getHostAddress() + " on " + c.interfaceName() + ", " + why);
    }

    private static String describe(List<Candidate> candidates) {
        return candidates.isEmpty() ? "none"
                : candidates.stream().map(Candidate::toString).collect(Collectors.joining(", "));
    }

    private static List<Candidate> candidates() {
        List<Candidate> found = new ArrayList<>();
        try {
            for (NetworkInterface nic : Collections.list(NetworkInterface.getNetworkInterfaces())) {
                if (!nic.isUp()) {
                    continue;
                }
                for (InetAddress a : Collections.list(nic.getInetAddresses())) {
                    found.add(new Candidate(nic.getName(), a));
                }
            }
        } catch (SocketException e) {
            throw new IllegalArgumentException("'auto' cannot list this host's network"
                    + " interfaces: " + e.getMessage(), e);
        }
        return found;
    }
}
