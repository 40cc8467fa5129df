package io.tlsresume.jetty;

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
 * A plain TCP round-robin balancer on 127.0.0.1, as in front of a real cluster: connection k
 * goes to backend k mod n, bytes pass unchanged. Clients see one address, so their session
 * caches offer a session made with one node to the next node.
 */
final class RoundRobinBalancer implements AutoCloseable {
    private final ServerSocket listener;
    private final List<Integer> backendPorts;
    private final AtomicInteger next = new AtomicInteger();

    RoundRobinBalancer(List<Integer> backendPorts) {
        this.backendPorts = List.copyOf(backendPorts);
        try {
            listener = new ServerSocket(0, 50, InetAddress.getByName("127.0.0.1"));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        daemon("balancer-accept", this::acceptLoop).start();
    }

    int port() {
        return listener.getLocalPort();
    }

    private void acceptLoop() {
        while (!listener.isClosed()) {
            try {
                Socket client = listener.accept();
                int backend = backendPorts.get(next.getAndIncrement() % backendPorts.size());
                Socket server = new Socket();
                server.connect(new InetSocketAddress("127.0.0.1", backend), 10_000);
                daemon("balancer-up", () -> pump(client, server)).start();
                daemon("balancer-down", () -> pump(server, client)).start();
            } catch (IOException e) {
                // Listener closed, or a backend refused: the client sees its connection drop.
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

    @Override
    public void close() throws IOException {
        listener.close();
    }
}
