package io.tlsresume.core.engine;

import java.io.ByteArrayOutputStream;
import java.io.DataInputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import javax.net.ssl.SNIHostName;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLParameters;
import javax.net.ssl.SSLSocket;

/**
 * ClientHellos as real clients send them, captured off a local socket: {@code openssl s_client}
 * and the JDK's own TLS client. The records are read with a reader of their own, not the one
 * under test.
 */
final class CapturedHellos {
    private CapturedHellos() {
    }

    /** The records of the ClientHello {@code openssl s_client} sends with {@code args}. */
    static byte[] openssl(String... args) {
        return capture(port -> {
            List<String> cmd = new ArrayList<>(List.of("openssl", "s_client", "-connect",
                    "127.0.0.1:" + port));
            cmd.addAll(List.of(args));
            Process p = new ProcessBuilder(cmd).redirectErrorStream(true).start();
            p.getOutputStream().close();
            return () -> {
                String out = new String(p.getInputStream().readAllBytes(),
                        StandardCharsets.UTF_8);
                if (!p.waitFor(30, TimeUnit.SECONDS)) {
                    p.destroyForcibly();
                    throw new IllegalStateException("s_client hung: " + cmd + "\n" + out);
                }
            };
        });
    }

    /** The records of the ClientHello the JDK client sends for {@code protocols}. */
    static byte[] jdk(String serverName, String... protocols) {
        return capture(port -> {
            Thread client = new Thread(() -> {
                try (SSLSocket socket = (SSLSocket) SSLContext.getDefault().getSocketFactory()
                        .createSocket(InetAddress.getLoopbackAddress(), port)) {
                    SSLParameters params = socket.getSSLParameters();
                    params.setProtocols(protocols);
                    if (serverName != null) {
                        params.setServerNames(List.of(new SNIHostName(serverName)));
                    }
                    socket.setSSLParameters(params);
                    socket.startHandshake();
                } catch (Exception expected) {
                    // the capturing side hangs up after the ClientHello
                }
            });
            client.start();
            return () -> client.join(30_000);
        });
    }

    private interface Client {
        Waiter start(int port) throws Exception;
    }

    private interface Waiter {
        void await() throws Exception;
    }

    private static byte[] capture(Client client) {
        try (ServerSocket server = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            server.setSoTimeout(30_000);
            Waiter waiter = client.start(server.getLocalPort());
            byte[] records;
            try (Socket s = server.accept()) {
                records = readHello(new DataInputStream(s.getInputStream()));
            }
            waiter.await();
            return records;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    /** Reads handshake records until they hold the whole first handshake message. */
    private static byte[] readHello(DataInputStream in) throws IOException {
        ByteArrayOutputStream records = new ByteArrayOutputStream();
        ByteArrayOutputStream message = new ByteArrayOutputStream();
        int needed = Integer.MAX_VALUE;
        while (message.size() < needed) {
            byte[] header = new byte[5];
            in.readFully(header);
            byte[] fragment = new byte[((header[3] & 0xff) << 8) | (header[4] & 0xff)];
            in.readFully(fragment);
            records.write(header);
            records.write(fragment);
            message.write(fragment);
            byte[] m = message.toByteArray();
            if (m.length >= 4) {
                needed = 4 + (((m[1] & 0xff) << 16) | ((m[2] & 0xff) << 8) | (m[3] & 0xff));
            }
        }
        return records.toByteArray();
    }

    /** The handshake message carried by {@code records}. */
    static byte[] message(byte[] records) {
        ByteArrayOutputStream message = new ByteArrayOutputStream();
        int at = 0;
        while (at < records.length) {
            int length = ((records[at + 3] & 0xff) << 8) | (records[at + 4] & 0xff);
            message.write(records, at + 5, length);
            at += 5 + length;
        }
        return message.toByteArray();
    }

    /** {@code message} re-cut into handshake records of at most {@code size} bytes each. */
    static byte[] records(byte[] message, int size) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        for (int at = 0; at < message.length; at += size) {
            int n = Math.min(size, message.length - at);
            out.write(new byte[] {22, 3, 1, (byte) (n >> 8), (byte) n}, 0, 5);
            out.write(message, at, n);
        }
        return out.toByteArray();
    }
}
