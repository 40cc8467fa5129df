package io.tlsresume.testkit;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLSession;
import javax.net.ssl.SSLSocket;

/**
 * A JDK TLS client that connects again and again to one address, offering its last session each
 * time, and judges resumption from the CLIENT's side:
 * <ul>
 *   <li>TLS 1.2: the server accepted the offered session id (the JDK hands back the same id).
 *   <li>TLS 1.3: the JDK gives a resumed session a new id but carries the creation time of the
 *       session it resumed; a full handshake starts a new one.
 * </ul>
 * Used by the demo's checker, the bench (which times its handshakes) and {@link
 * io.tlsresume.testkit.hosts.ReconnectingLoad}.
 */
public final class ResumptionProbe {
    private static final Pattern HEADER = Pattern.compile("(?im)^([A-Za-z-]+): *(.*?)\\r?$");

    private final SSLContext context;
    private final String protocol;
    private final String serverName;
    private SSLSession last;

    /** What one connection showed. */
    public record Observation(int index, String node, String protocol, boolean clientSaysResumed,
            String serverSaysResumed, double handshakeMillis) { }

    /**
     * @param serverName SNI name, HTTP Host and the name the certificate must match
     */
    public ResumptionProbe(SSLContext context, String protocol, String serverName) {
        this.context = context;
        this.protocol = protocol;
        this.serverName = serverName;
    }

    public Observation connect(int index, String host, int port) throws IOException {
        try (Socket plain = new Socket()) {
            // Each flight is one small write: without this, Nagle + delayed ACK add ~40 ms.
            plain.setTcpNoDelay(true);
            plain.connect(new InetSocketAddress(host, port), 10_000);
            // Layered socket named serverName:port: the JDK's session cache key, the same for
            // every connection whichever node the balancer picks.
            try (SSLSocket tls = (SSLSocket) context.getSocketFactory().createSocket(plain,
                    serverName, port, true)) {
                tls.setEnabledProtocols(new String[] {protocol});
                tls.setSoTimeout(10_000);
                long start = System.nanoTime();
                tls.startHandshake();
                double millis = (System.nanoTime() - start) / 1e6;
                OutputStream out = tls.getOutputStream();
                out.write(("GET / HTTP/1.1\r\nHost: " + serverName + "\r\n\r\n")
                        .getBytes(StandardCharsets.US_ASCII));
                out.flush();
                String head = readHead(tls.getInputStream());
                SSLSession session = tls.getSession();
                boolean resumed = last != null && (protocol.equals("TLSv1.3")
                        ? session.getCreationTime() == last.getCreationTime()
                        : Arrays.equals(session.getId(), last.getId()));
                last = session;
                return new Observation(index, header(head, "X-TLS-Node"), session.getProtocol(),
                        resumed, header(head, "X-TLS-Resumed"), millis);
            }
        }
    }

    private static String header(String head, String name) {
        Matcher m = HEADER.matcher(head);
        while (m.find()) {
            if (m.group(1).equalsIgnoreCase(name)) {
                return m.group(2);
            }
        }
        return "?";
    }

    /** Reads the response head and its Content-Length body (keep-alive: the client closes). */
    private static String readHead(InputStream in) throws IOException {
        StringBuilder head = new StringBuilder();
        while (head.indexOf("\r\n\r\n") < 0) {
            int b = in.read();
            if (b < 0) {
                throw new IOException("connection closed in the response head");
            }
            head.append((char) b);
        }
        String length = header(head.toString(), "Content-Length");
        if (!length.equals("?")) {
            in.readNBytes(Integer.parseInt(length.trim()));
        }
        return head.toString();
    }
}
