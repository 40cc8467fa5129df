package io.tlsresume.testkit.hosts;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The hosts are separate network stacks that reach the gateway and each other, a disconnected
 * host reaches nobody until it reconnects, and close removes every namespace, link and file.
 */
class NetworkHostsTest {
    @BeforeAll
    static void namespaces() {
        String reason = NetworkHosts.unavailableReason();
        assumeTrue(reason.isEmpty() || System.getenv("CI") != null, reason);
    }

    @Test
    void hostsReachTheGatewayAndEachOtherAndCloseRemovesEverything() throws Exception {
        List<String> namespaces;
        String bridgeAddress;
        try (NetworkHosts hosts = NetworkHosts.create(2)) {
            Host h1 = hosts.hosts().get(0);
            Host h2 = hosts.hosts().get(1);
            assertNotEquals(h1.address(), h2.address());
            assertTrue(Commands.run("ip", "netns", "exec", h1.namespace(), "ip", "-4", "addr")
                    .contains(h1.address() + "/24"), "h1 has its own address");
            try (ServerSocket server = new ServerSocket()) {
                server.bind(new InetSocketAddress(InetAddress.getByName(hosts.gatewayAddress()),
                        0));
                assertTrue(connects(h1, hosts.gatewayAddress(), server.getLocalPort()),
                        "h1 reaches the gateway");
                h1.disconnect();
                assertFalse(connects(h1, hosts.gatewayAddress(), server.getLocalPort()),
                        "a disconnected host reaches nobody");
                h1.reconnect();
                assertTrue(connects(h1, hosts.gatewayAddress(), server.getLocalPort()),
                        "h1 reaches the gateway again after reconnect");
            }
            // h2 answers across the bridge: a closed port refuses at once (RST), where an
            // unreachable address would time out or have no route
            assertTrue(attempt(h1, h2.address(), 9).contains("Connection refused"),
                    "h1 reaches h2");
            h1.useNameServer(hosts.gatewayAddress());
            assertTrue(Commands.run("ip", "netns", "exec", h1.namespace(), "cat",
                    "/etc/resolv.conf").contains("nameserver " + hosts.gatewayAddress()));
            namespaces = hosts.hosts().stream().map(Host::namespace).toList();
            bridgeAddress = hosts.gatewayAddress();
        }
        String left = Commands.run("ip", "netns", "list");
        for (String ns : namespaces) {
            assertFalse(left.contains(ns), ns + " is removed: " + left);
            assertFalse(Files.exists(NetworkHosts.etcDir(ns)), "/etc/netns/" + ns + " removed");
        }
        assertFalse(Commands.run("ip", "-4", "addr").contains(bridgeAddress + "/24"),
                "the bridge is removed");
    }

    private static boolean connects(Host host, String address, int port) throws IOException,
            InterruptedException {
        return attempt(host, address, port).endsWith("exit 0");
    }

    /** A TCP connect from inside {@code host}: bash's output and exit status. */
    private static String attempt(Host host, String address, int port) throws IOException,
            InterruptedException {
        Process p = host.process(List.of("timeout", "3", "bash", "-c",
                "echo > /dev/tcp/" + address + "/" + port)).redirectErrorStream(true).start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertTrue(p.waitFor(10, TimeUnit.SECONDS));
        return out.trim() + " exit " + p.exitValue();
    }
}
