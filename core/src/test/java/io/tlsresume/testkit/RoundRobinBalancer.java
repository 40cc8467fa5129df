package io.tlsresume.testkit;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * A plain TCP round-robin balancer on 127.0.0.1, the kind tlsresume is for: connection n goes to
 * backend n mod size, bytes are copied untouched both ways. Clients see one host and port, so a
 * client's session cache offers the session from one node to the next.
 */
public final class RoundRobinBalancer implements AutoCloseable {
    private final ServerSocket server;
    private final List<Integer> backendPorts;
    private final AtomicInteger next = new AtomicInteger();
    private final Thread acceptor;

    public RoundRobinBalancer(List<Integer> backendPorts) {
        this.backendPorts = List.copyOf(backendPorts);
        try {
            server = new ServerSocket(0, 50, InetAddress.getByName("127.0.0.1"));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        acceptor = new Thread(this::acceptLoop, "balancer-accept-" + server.getLocalPort());
        acceptor.setDaemon(true);
        acceptor.start();
    }

    public int port() {
        return server.getLocalPort();
    }

    private void acceptLoop() {
        while (!server.isClosed()) {
            try {
                Socket client = server.accept();
                int port = backendPorts.get(Math.floorMod(next.getAndIncrement(),
                        backendPorts.size()));
                Socket backend = new Socket();
                backend.connect(new InetSocketAddress("127.0.0.1", port), 5_000);
                pump(client, backend);
                pump(backend, client);
            } catch (IOException e) {
                // Closed, or a backend refused: the client sees its connection closed.
            }
        }
    }

    private static void pump(Socket from, Socket to) {
        Thread t = new Thread(() -> {
            try (InputStream in = from.getInputStream(); OutputStream out = to.getOutputStream()) {
                in.transferTo(out);
            } catch (IOException e) {
                // One side closed; closing both below ends the other direction too.
            } finally {
                closeQuietly(from);
                closeQuietly(to);
            }
        }, "balancer-pump");
        t.setDaemon(true);
        t.start();
    }

    private static void closeQuietly(Socket socket) {
        try {
            socket.close();
        } catch (IOException e) {
            // Nothing left to do.
        }
    }

    @Override
    public void close() {
        try {
            server.close();
            acceptor.join(5_000);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
