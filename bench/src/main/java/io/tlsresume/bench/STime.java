package io.tlsresume.bench;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * Runs {@code openssl s_time}, the reconnecting client of items 2-4 and of the nginx reference:
 * one process makes connections back to back for a given time, each a full handshake
 * ({@code -new}) or resuming the session it holds ({@code -reuse}), and fetches {@code /} so TLS
 * 1.3 tickets are read before the next reconnection. It prints one character per connection:
 * {@code r} for a resumed session, {@code *} for a new one.
 */
final class STime {
    /**
     * What {@code clients} parallel s_time processes did in one sample; {@code missesAt} says
     * when the reconnections that were not resumed happened, in seconds from the start of the
     * sample, estimated from their place in s_time's output (it prints no times).
     */
    record Sample(long connections, long resumed, double seconds, List<Double> missesAt) {
        double perSecond() {
            return connections / seconds;
        }

        /** Resumed share (with -reuse s_time does not print its first, full connection). */
        double resumedShare() {
            return connections == 0 ? 0 : (double) resumed / connections;
        }
    }

    private STime() {
    }

    /**
     * @param protocol {@code tls1_2} or {@code tls1_3}
     * @param reuse {@code -reuse} (true) or {@code -new}
     */
    static Sample run(int port, String protocol, boolean reuse, int seconds, int clients)
            throws IOException, InterruptedException {
        return run(java.util.Collections.nCopies(clients, port), protocol, reuse, seconds);
    }

    /** One client per entry of {@code ports}, all in parallel. */
    static Sample run(List<Integer> ports, String protocol, boolean reuse, int seconds)
            throws IOException, InterruptedException {
        List<Process> processes = new ArrayList<>();
        long start = System.nanoTime();
        for (int port : ports) {
            processes.add(new ProcessBuilder("openssl", "s_time", "-connect", "127.0.0.1:" + port,
                    "-" + protocol, reuse ? "-reuse" : "-new", "-time", Integer.toString(seconds),
                    "-www", "/").redirectErrorStream(true).start());
        }
        long connections = 0;
        long resumed = 0;
        List<Double> missesAt = new ArrayList<>();
        StringBuilder failures = new StringBuilder();
        for (Process p : processes) {
            String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.US_ASCII);
            if (!p.waitFor(seconds + 30L, TimeUnit.SECONDS)) {
                p.destroyForcibly();
            }
            StringBuilder marks = new StringBuilder();
            for (String line : out.split("\n")) {
                if (line.matches("[*rt3]+")) {
                    marks.append(line);
                }
            }
            long n = marks.length();
            long r = marks.chars().filter(c -> c == 'r').count();
            for (int i = 0; i < n; i++) {
                if (marks.charAt(i) != 'r') {
                    missesAt.add(seconds * (i + 0.5) / n);
                }
            }
            if (n == 0) {
                failures.append(out);
            }
            connections += n;
            resumed += r;
        }
        double elapsed = (System.nanoTime() - start) / 1e9;
        if (connections == 0) {
            throw new IllegalStateException("s_time made no connection to " + ports + ":\n"
                    + failures);
        }
        return new Sample(connections, resumed, elapsed, List.copyOf(missesAt));
    }
}
