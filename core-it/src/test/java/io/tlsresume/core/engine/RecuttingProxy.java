package io.tlsresume.core.engine;

import java.io.DataInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;

/**
 * A TCP proxy that passes each connection's first record (a ClientHello) on in records of at
 * most {@code recordSize} bytes, each written on its own, as some clients and middleboxes send
 * it; everything else passes unchanged.
 */
final class RecuttingProxy implements AutoCloseable {
    private final ServerSocket server;
    private final int targetPort;
    private final int recordSize;

    RecuttingProxy(int targetPort, int recordSize) throws IOException {
        this.targetPort = targetPort;
        this.recordSize = recordSize;
        this.server = new ServerSocket(0, 50, InetAddress.getLoopbackAddress());
        start("recut-accept", this::accept);
    }

    int port() {
        return server.getLocalPort();
    }

    private void accept() {
        while (!server.isClosed()) {
            try {
                Socket client = server.accept();
                Socket upstream = new Socket(InetAddress.getLoopbackAddress(), targetPort);
                client.setTcpNoDelay(true);
                upstream.setTcpNoDelay(true);
                start("recut-up", () -> relay(client, upstream, true));
                start("recut-down", () -> relay(upstream, client, false));
            } catch (IOException e) {
                return; // closed
            }
        }
    }

    private void relay(Socket from, Socket to, boolean recutFirstFlight) {
        try (from; to; InputStream in = from.getInputStream();
                OutputStream out = to.getOutputStream()) {
            if (recutFirstFlight) {
                byte[] message = clientHelloMessage(new DataInputStream(in));
                for (int at = 0; at < message.length; at += recordSize) {
                    int n = Math.min(recordSize, message.length - at);
                    out.write(new byte[] {22, 3, 1, (byte) (n >> 8), (byte) n});
                    out.write(message, at, n);
                    out.flush();
                    Thread.sleep(2); // separate segments: the server sees it arrive in parts
                }
            }
            in.transferTo(out);
        } catch (IOException e) {
            // connection ended
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    /** The first record's fragment: the whole ClientHello for the clients used here. */
    private static byte[] clientHelloMessage(DataInputStream in) throws IOException {
        byte[] header = new byte[5];
        in.readFully(header);
        byte[] fragment = new byte[((header[3] & 0xff) << 8) | (header[4] & 0xff)];
        in.readFully(fragment);
        return fragment;
    }

    private static void start(String name, Runnable body) {
        Thread thread = new Thread(body, name);
        thread.setDaemon(true);
        thread.start();
    }

    @Override
    public void close() throws IOException {
        server.close();
    }
}
