package io.tlsresume.testkit;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.ThreadLocalRandom;

/**
 * Free TCP ports on 127.0.0.1 for a server to bind later, taken below the kernel's ephemeral
 * range: a port from that range (what binding port 0 returns) can be taken meanwhile as the
 * local port of an outgoing connection, e.g. a Hazelcast member dialling a peer that has not
 * bound it yet (Linux even connects such a socket to itself), and the server then fails with
 * "Address already in use" (seen once in a full run).
 */
public final class Ports {
    private static final int LOWEST = 20000;
    private static final int ATTEMPTS = 200;

    private Ports() {
    }

    /** A port nobody listens on now, outside the ephemeral range where one can be found. */
    public static int free() {
        int below = ephemeralRangeStart();
        for (int i = 0; i < ATTEMPTS && below > LOWEST; i++) {
            int port = ThreadLocalRandom.current().nextInt(LOWEST, below);
            if (bindable(port)) {
                return port;
            }
        }
        return anyEphemeral();
    }

    private static boolean bindable(int port) {
        try (ServerSocket socket = new ServerSocket()) {
            socket.setReuseAddress(true);
            socket.bind(new java.net.InetSocketAddress(InetAddress.getByName("127.0.0.1"), port),
                    1);
            return true;
        } catch (IOException e) {
            return false;
        }
    }

    private static int anyEphemeral() {
        try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getByName("127.0.0.1"))) {
            socket.setReuseAddress(true);
            return socket.getLocalPort();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** The first port of Linux's ephemeral range; 0 (none usable) where it cannot be read. */
    private static int ephemeralRangeStart() {
        try {
            // Files.readString returned only "3" for this /proc file here; readAllLines reads it.
            String range = String.join(" ",
                    Files.readAllLines(Path.of("/proc/sys/net/ipv4/ip_local_port_range")));
            return Integer.parseInt(range.trim().split("\\s+")[0]);
        } catch (IOException | RuntimeException e) {
            return 0;
        }
    }
}
