package io.tlsresume.testkit;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Runs the real {@code openssl s_client}: the client-side proof of resumption. Each call sends
 * one HTTP request and reads the answer, so TLS 1.3 tickets (sent after the handshake) arrive
 * before the session is saved.
 */
public final class OpenSslClient {
    private static final Pattern NEW_OR_REUSED = Pattern.compile("^(New|Reused), (\\S+)",
            Pattern.MULTILINE);
    private static final Pattern SESSION_ID = Pattern.compile("Session-ID: ([0-9A-F]*)");

    /** What one connection showed. */
    public record Result(boolean reused, String protocol, String sessionId, String output) {
        /** The answering node's id from the test server's response, or "". */
        public String node() {
            return Echo.node(output);
        }
    }

    private OpenSslClient() {
    }

    /**
     * Connects once.
     *
     * @param protocol "tls1_2" or "tls1_3"
     * @param sessIn session file to resume from, or null
     * @param sessOut file to save the session to, or null (s_client writes it only when the
     *     server sent a new session or ticket: not on a TLS 1.2 resumption without renewal)
     * @param extraArgs more s_client arguments (e.g. "-no_ticket", "-alpn", "h2")
     */
    public static Result connect(int port, String protocol, Path sessIn, Path sessOut,
            String... extraArgs) {
        return connect("127.0.0.1", port, protocol, sessIn, sessOut, extraArgs);
    }

    /** Connects once to {@code host:port}, as {@link #connect(int, String, Path, Path, String...)}. */
    public static Result connect(String host, int port, String protocol, Path sessIn,
            Path sessOut, String... extraArgs) {
        List<String> cmd = new ArrayList<>(List.of("openssl", "s_client", "-connect",
                host + ":" + port, "-servername", "localhost", "-" + protocol, "-ign_eof"));
        if (sessIn != null) {
            cmd.addAll(List.of("-sess_in", sessIn.toString()));
        }
        if (sessOut != null) {
            cmd.addAll(List.of("-sess_out", sessOut.toString()));
        }
        cmd.addAll(List.of(extraArgs));
        try {
            Process p = new ProcessBuilder(cmd).redirectErrorStream(true).start();
            p.getOutputStream().write(("GET / HTTP/1.1\r\nHost: localhost\r\nConnection: close"
                    + "\r\n\r\n").getBytes(StandardCharsets.US_ASCII));
            p.getOutputStream().close();
            byte[] out = p.getInputStream().readAllBytes();
            if (!p.waitFor(30, TimeUnit.SECONDS)) {
                p.destroyForcibly();
                throw new IllegalStateException("openssl s_client hung: " + cmd);
            }
            String text = new String(out, StandardCharsets.UTF_8);
            Matcher m = NEW_OR_REUSED.matcher(text);
            if (!m.find()) {
                throw new IllegalStateException("no handshake in s_client output for " + cmd
                        + ":\n" + text);
            }
            Matcher id = SESSION_ID.matcher(text);
            String protocolName = m.group(2).replace(",", "");
            return new Result(m.group(1).equals("Reused"), protocolName,
                    id.find() ? id.group(1) : "", text);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    /** A fresh temporary file for {@code -sess_out}. */
    public static Path sessionFile() {
        try {
            Path file = TempFiles.file("tlsresume-sess", ".pem");
            Files.delete(file); // s_client writes it only when the server sent a session
            return file;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
