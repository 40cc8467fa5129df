package io.tlsresume.testkit;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.HexFormat;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLSocket;

/**
 * The JDK's own TLS client, trusting the test certificate, with its own session cache keyed by
 * host and port: behind a {@link RoundRobinBalancer} it offers the session it got from one node
 * to the next node. One HTTP/1.1 request per connection.
 */
public final class JdkHttpsClient {
    private static final Pattern CONTENT_LENGTH = Pattern.compile("(?i)content-length: *(\\d+)");
    private static final Pattern CHUNKED = Pattern.compile("(?i)transfer-encoding: *chunked");
    private final SSLContext context;
    private final String protocol;

    /** @param protocol "TLSv1.2" or "TLSv1.3", the only one the client offers */
    public JdkHttpsClient(String protocol) {
        this(TestCertificates.get().clientContext("TLS"), protocol);
    }

    /**
     * A client with the caller's context, e.g. one whose {@code KeyManager} presents a client
     * certificate; its session cache works as above.
     */
    public JdkHttpsClient(SSLContext context, String protocol) {
        this.context = context;
        this.protocol = protocol;
    }

    /**
     * What one request showed, client side (session id in hex, protocol) and server side (the
     * response head from the status line on, and the body: an {@link Echo} line from the test
     * servers).
     */
    public record Exchange(String sessionId, String protocol, String head, String body) {
        /** Whether the server's echo line says it resumed the session. */
        public boolean serverSaysResumed() {
            return body.contains("resumed=true");
        }
    }

    /** One HTTP/1.1 request on a new connection to 127.0.0.1:{@code port}, as "localhost". */
    public Exchange get(int port) {
        try (Socket plain = new Socket()) {
            plain.connect(new InetSocketAddress("127.0.0.1", port), 10_000);
            try (SSLSocket tls = (SSLSocket) context.getSocketFactory().createSocket(plain,
                    "localhost", port, true)) {
                tls.setEnabledProtocols(new String[] {protocol});
                tls.setSoTimeout(10_000);
                OutputStream out = tls.getOutputStream();
                // Keep-alive, and close first: a server-side close racing the client's
                // close_notify can end in an error, and the JDK then drops the session.
                out.write("GET / HTTP/1.1\r\nHost: localhost\r\n\r\n"
                        .getBytes(StandardCharsets.US_ASCII));
                out.flush();
                // Reading the response also takes in TLS 1.3 tickets, which come before it.
                InputStream in = tls.getInputStream();
                String head = readLine(in, "\r\n\r\n");
                String body = readBody(head, in);
                return new Exchange(HexFormat.of().formatHex(tls.getSession().getId()),
                        tls.getSession().getProtocol(), head, body);
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static String readBody(String head, InputStream in) throws IOException {
        if (CHUNKED.matcher(head).find()) {
            StringBuilder body = new StringBuilder();
            for (int size; (size = Integer.parseInt(readLine(in, "\r\n").strip(), 16)) > 0; ) {
                body.append(new String(in.readNBytes(size), StandardCharsets.UTF_8));
                readLine(in, "\r\n");
            }
            return body.toString();
        }
        Matcher length = CONTENT_LENGTH.matcher(head);
        if (!length.find()) {
            throw new IOException("neither Content-Length nor chunked in " + head);
        }
        return new String(in.readNBytes(Integer.parseInt(length.group(1))),
                StandardCharsets.UTF_8);
    }

    private static String readLine(InputStream in, String end) throws IOException {
        StringBuilder line = new StringBuilder();
        while (line.indexOf(end) < 0) {
            int b = in.read();
            if (b < 0) {
                throw new IOException("connection closed in the response head: " + line);
            }
            line.append((char) b);
        }
        return line.toString();
    }
}
