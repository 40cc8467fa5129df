package io.tlsresume.tomcat;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLSocket;

/**
 * The JDK's own TLS client, sending one HTTP/1.1 request per connection. Its session cache is
 * keyed by host and port, so through a balancer it offers one node's session to the next node.
 */
public final class JavaHttpsClient {
    private final SSLContext context;

    /** What one request showed: the session id the client holds and the response. */
    public record Response(byte[] sessionId, String protocol, String text) { }

    public JavaHttpsClient(SSLContext context) {
        this.context = context;
    }

    /** One request to 127.0.0.1:{@code port}, as host "localhost". */
    public Response get(int port) {
        try (Socket plain = new Socket()) {
            plain.connect(new InetSocketAddress("127.0.0.1", port), 10_000);
            plain.setSoTimeout(10_000);
            try (SSLSocket tls = (SSLSocket) context.getSocketFactory().createSocket(plain,
                    "localhost", port, true)) {
                tls.startHandshake();
                OutputStream out = tls.getOutputStream();
                out.write("GET / HTTP/1.1\r\nHost: localhost\r\nConnection: close\r\n\r\n"
                        .getBytes(StandardCharsets.US_ASCII));
                out.flush();
                // Reading to the end also takes in TLS 1.3 tickets, which follow the handshake.
                InputStream in = tls.getInputStream();
                String text = new String(in.readAllBytes(), StandardCharsets.UTF_8);
                return new Response(tls.getSession().getId(), tls.getSession().getProtocol(),
                        text);
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
