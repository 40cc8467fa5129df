package io.tlsresume.jetty;

import io.tlsresume.testkit.TestCertificates;
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
 * The JDK's own TLS client with its own session cache, keyed by host and port: behind a
 * {@link io.tlsresume.testkit.RoundRobinBalancer} it offers the session it got from one node to the next node.
 */
final class JdkTlsClient {
    private static final Pattern CONTENT_LENGTH = Pattern.compile("(?i)content-length: *(\\d+)");
    private final SSLContext context;
    private final String protocol;

    /** @param protocol "TLSv1.2" or "TLSv1.3" */
    JdkTlsClient(String protocol) {
        this.context = TestCertificates.get().clientContext("TLS");
        this.protocol = protocol;
    }

    /** What one request showed, client side and server side. */
    record Exchange(String sessionId, String protocol, String body) {
        boolean serverSaysResumed() {
            return body.contains("resumed=true");
        }
    }

    /** One HTTP/1.1 request on a new connection to {@code port}. */
    Exchange get(int port) {
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
                String body = readBody(tls.getInputStream());
                return new Exchange(HexFormat.of().formatHex(tls.getSession().getId()),
                        tls.getSession().getProtocol(), body);
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static String readBody(InputStream in) throws IOException {
        StringBuilder head = new StringBuilder();
        while (head.indexOf("\r\n\r\n") < 0) {
            int b = in.read();
            if (b < 0) {
                throw new IOException("connection closed in the response head: " + head);
            }
            head.append((char) b);
        }
        Matcher length = CONTENT_LENGTH.matcher(head);
        if (!length.find()) {
            throw new IOException("no Content-Length in " + head);
        }
        return new String(in.readNBytes(Integer.parseInt(length.group(1))),
                StandardCharsets.US_ASCII);
    }
}
