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
 * A plain layer-4 round-robin balancer on 127.0.0.1, as in front of a real cluster: connection k
 * goes to backend k mod n and bytes pass unchanged (TLS is not terminated). Clients see one
 * address, so their session caches offer the session made with one node to the next node. Used
 * by the demo and by tests; for production use a real balancer (HAProxy {@code mode tcp}).
 */
public final class RoundRobinBalancer implements AutoCloseable {
    private final ServerSocket listener;
    private final List<Integer> backendPorts;
    private final AtomicInteger next = new AtomicInteger();

    /** Starts listening on a free port of 127.0.0.1 in front of {@code backendPorts}. */
    public RoundRobinBalancer(List<Integer> backendPorts) {
        if (backendPorts.isEmpty()) {
            throw new IllegalArgumentException("a balancer needs at least one backend");
        }
        this.backendPorts = List.copyOf(backendPorts);
        try {
            listener = new ServerSocket(0, 50, InetAddress.getByName("127.0.0.1"));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        daemon("balancer-accept", this::acceptLoop).start();
    }

    /** The port clients connect to. */
    public int port() {
        return listener.getLocalPort();
    }

    /** Connections forwarded so far. */
    public int connections() {
        return next.get();
    }

    private void acceptLoop() {
        while (!listener.isClosed()) {
            try {
                Socket client = listener.accept();
                int backend = backendPorts.get(next.getAndIncrement() % backendPorts.size());
                Socket server = new Socket();
                // Small TLS records must not wait for Nagle + delayed ACK (~40 ms per flight).
                client.setTcpNoDelay(true);
                server.setTcpNoDelay(true);
                try {
                    server.connect(new InetSocketAddress("127.0.0.1", backend), 10_000);
                } catch (IOException e) {
                    closeQuietly(client); // the backend is down: the client sees a reset
                    continue;
                }
                daemon("balancer-up", () -> pump(client, server)).start();
                daemon("balancer-down", () -> pump(server, client)).start();
            } catch (IOException e) {
                // The listener was closed.
            }
        }
    }

    private static void pump(Socket from, Socket to) {
        byte[] buffer = new byte[16384];
        try (InputStream in = from.getInputStream()) {
            OutputStream out = to.getOutputStream();
            for (int n; (n = in.read(buffer)) >= 0; ) {
                out.write(buffer, 0, n);
                out.flush();
            }
            to.shutdownOutput();
        } catch (IOException e) {
            closeQuietly(to);
        }
    }

    private static void closeQuietly(Socket socket) {
        try {
            socket.close();
        } catch (IOException ignored) {
            // Already closed.
        }
    }

    private static Thread daemon(String name, Runnable task) {
        Thread thread = new Thread(task, name);
        thread.setDaemon(true);
        return thread;
    }

    /** Stops accepting; connections in flight finish on their own. */
    @Override
    public void close() {
        try {
            listener.close();
        } catch (IOException e) {
            // Closing a listening socket has nothing left to report.
        }
    }
}
