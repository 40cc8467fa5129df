package io.tlsresume.testkit;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

/**
 * A TCP proxy on 127.0.0.1 that forwards every connection to one target and records every byte
 * in both directions: a wire tap for what a passive observer between two members would see.
 */
public final class RecordingProxy implements AutoCloseable {
    private final ServerSocket server;
    private final int targetPort;
    private final ByteArrayOutputStream recorded = new ByteArrayOutputStream();
    private final List<Socket> sockets = new CopyOnWriteArrayList<>();
    private volatile boolean closed;

    /** Listens on {@code port} and forwards to 127.0.0.1:{@code targetPort}. */
    public RecordingProxy(int port, int targetPort) {
        this.targetPort = targetPort;
        try {
            server = new ServerSocket();
            server.setReuseAddress(true);
            server.bind(new InetSocketAddress(InetAddress.getLoopbackAddress(), port));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        daemon("proxy-accept-" + port, this::acceptLoop).start();
    }

    public int port() {
        return server.getLocalPort();
    }

    /** Everything that passed so far, both directions, in arrival order per read. */
    public byte[] recorded() {
        synchronized (recorded) {
            return recorded.toByteArray();
        }
    }

    private void acceptLoop() {
        while (!closed) {
            Socket client;
            try {
                client = server.accept();
            } catch (IOException e) {
                continue; // closed: the loop ends
            }
            try {
                Socket upstream = new Socket(InetAddress.getLoopbackAddress(), targetPort);
                sockets.add(client);
                sockets.add(upstream);
                daemon("proxy-up", () -> pump(client, upstream)).start();
                daemon("proxy-down", () -> pump(upstream, client)).start();
            } catch (IOException e) {
                // The target is not up yet: refuse as it would have, so the member retries.
                closeQuietly(client);
            }
        }
    }

    private void pump(Socket from, Socket to) {
        byte[] buffer = new byte[16384];
        try (InputStream in = from.getInputStream(); OutputStream out = to.getOutputStream()) {
            int n;
            while ((n = in.read(buffer)) >= 0) {
                synchronized (recorded) {
                    recorded.write(buffer, 0, n);
                }
                out.write(buffer, 0, n);
            }
        } catch (IOException e) {
            // connection ended
        } finally {
            closeQuietly(from);
            closeQuietly(to);
        }
    }

    private static Thread daemon(String name, Runnable body) {
        Thread thread = new Thread(body, name);
        thread.setDaemon(true);
        return thread;
    }

    private static void closeQuietly(Socket socket) {
        try {
            socket.close();
        } catch (IOException e) {
            // already closed
        }
    }

    /** How often {@code needle} occurs in {@code haystack}. */
    public static int count(byte[] haystack, byte[] needle) {
        int found = 0;
        outer:
        for (int i = 0; i + needle.length <= haystack.length; i++) {
            for (int j = 0; j < needle.length; j++) {
                if (haystack[i + j] != needle[j]) {
                    continue outer;
                }
            }
            found++;
        }
        return found;
    }

    @Override
    public void close() {
        closed = true;
        try {
            server.close();
        } catch (IOException e) {
            // already closed
        }
        sockets.forEach(RecordingProxy::closeQuietly);
    }
}
