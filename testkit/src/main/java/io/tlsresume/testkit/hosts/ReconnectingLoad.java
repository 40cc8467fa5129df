package io.tlsresume.testkit.hosts;

import io.tlsresume.testkit.OpenSslClient;
import io.tlsresume.testkit.ResumptionProbe;
import io.tlsresume.testkit.TempFiles;
import io.tlsresume.testkit.TestCertificates;
import java.io.EOFException;
import java.io.IOException;
import java.net.ConnectException;
import java.net.SocketException;
import java.net.SocketTimeoutException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import javax.net.ssl.SSLException;
import javax.net.ssl.SSLHandshakeException;

/**
 * Clients that reconnect continuously to one address (a balancer), each offering its last session
 * every time, and count what happened ({@link LoadFigures}). Resumption is judged on the client
 * side: the JDK client as {@link ResumptionProbe} does (TLS 1.2: the same session id back; TLS
 * 1.3: the resumed session's creation time), {@code openssl s_client} by its {@code Reused}
 * line. Each client has its own session cache, so clients are independent; a short pause between
 * connections keeps the load gentle on a shared machine, and a client backs off (at least 200 ms)
 * after a failed or refused attempt. A connection is counted once its outcome is known.
 */
public final class ReconnectingLoad implements AutoCloseable {
    /** Default pause between one client's connections. */
    public static final Duration PAUSE = Duration.ofMillis(20);
    private static final String SERVER_NAME = "localhost";

    /** How the clients connect. */
    public enum Mode {
        /** JDK client, TLS 1.2 with session tickets (RFC 5077). */
        TLS12_TICKETS,
        /** JDK client, TLS 1.3 (PSK from the server's tickets). */
        TLS13,
        /** {@code openssl s_client -tls1_2 -no_ticket}: session ids only, no tickets. */
        TLS12_SESSION_ID
    }

    private final String host;
    private final int port;
    private final Mode mode;
    private final Duration pause;
    private final List<Thread> threads = new ArrayList<>();
    private final List<AtomicLong> fullPerClient = new ArrayList<>();
    private final List<List<Kind>> outcomesPerClient = new ArrayList<>();
    private final List<java.util.ArrayDeque<String>> historyPerClient = new ArrayList<>();
    private final AtomicLong connections = new AtomicLong();
    private final AtomicLong resumed = new AtomicLong();
    private final AtomicLong full = new AtomicLong();
    private final AtomicLong failed = new AtomicLong();
    private final AtomicLong refused = new AtomicLong();
    private final AtomicLong firsts = new AtomicLong();
    private final List<String> failures = new ArrayList<>();
    private volatile boolean running = true;

    private ReconnectingLoad(String host, int port, Mode mode, Duration pause) {
        this.host = host;
        this.port = port;
        this.mode = mode;
        this.pause = pause;
    }

    /** {@code clients} clients reconnecting to {@code host:port}, {@link #PAUSE} apart. */
    public static ReconnectingLoad start(String host, int port, Mode mode, int clients) {
        return start(host, port, mode, clients, PAUSE);
    }

    /** {@code clients} clients reconnecting to {@code host:port}, {@code pause} apart. */
    public static ReconnectingLoad start(String host, int port, Mode mode, int clients,
            Duration pause) {
        ReconnectingLoad load = new ReconnectingLoad(host, port, mode, pause);
        for (int i = 0; i < clients; i++) {
            Client client = mode == Mode.TLS12_SESSION_ID ? load.new OpenSslSessionIdClient()
                    : load.new JdkClient(mode == Mode.TLS13 ? "TLSv1.3" : "TLSv1.2");
            AtomicLong fullOfThisClient = new AtomicLong();
            load.fullPerClient.add(fullOfThisClient);
            List<Kind> outcomes = java.util.Collections.synchronizedList(new ArrayList<>());
            load.outcomesPerClient.add(outcomes);
            java.util.ArrayDeque<String> history = new java.util.ArrayDeque<>();
            load.historyPerClient.add(history);
            Thread thread = new Thread(() -> load.run(client, fullOfThisClient,
                    outcomes, history),
                    "reconnecting-load-" + i);
            thread.setDaemon(true);
            load.threads.add(thread);
        }
        load.threads.forEach(Thread::start);
        return load;
    }

    /** The mode. */
    public Mode mode() {
        return mode;
    }

    /** Counts so far (connections under way not yet included). */
    public synchronized LoadFigures figures() {
        return new LoadFigures(connections.get(), resumed.get(), full.get(), failed.get(),
                refused.get(), firsts.get());
    }

    /**
     * Waits until at least {@code count} more connections completed (any outcome), up to
     * {@code timeout}; false if they did not.
     */
    public boolean awaitConnections(long count, Duration timeout) throws InterruptedException {
        long target = figures().connections() + count;
        long deadline = System.nanoTime() + timeout.toNanos();
        while (System.nanoTime() < deadline) {
            if (figures().connections() >= target) {
                return true;
            }
            Thread.sleep(50);
        }
        return false;
    }

    /** Full handshakes so far of each client, in client order (first ones included). */
    public List<Long> fullHandshakesPerClient() {
        return fullPerClient.stream().map(AtomicLong::get).toList();
    }

    /** Every outcome of client {@code index} so far, in order. */
    public List<Kind> outcomes(int index) {
        List<Kind> outcomes = outcomesPerClient.get(index);
        synchronized (outcomes) {
            return List.copyOf(outcomes);
        }
    }

    /**
     * The last {@value #HISTORY} outcomes of client {@code index}, oldest first: time, outcome,
     * the node that answered (or what the client saw): for failure messages that must say what
     * one client went through.
     */
    public List<String> history(int index) {
        java.util.ArrayDeque<String> history = historyPerClient.get(index);
        synchronized (history) {
            return List.copyOf(history);
        }
    }

    private static final int HISTORY = 40;

    /** The first few failed or refused attempts, with what the client saw (for messages). */
    public List<String> failures() {
        synchronized (failures) {
            return List.copyOf(failures);
        }
    }

    /** Stops every client (each finishes its current connection) and returns the final counts. */
    public LoadFigures stop() {
        running = false;
        for (Thread thread : threads) {
            try {
                thread.join(TimeUnit.SECONDS.toMillis(60));
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                break;
            }
        }
        return figures();
    }

    @Override
    public void close() {
        stop();
    }

    private void run(Client client, AtomicLong fullOfThisClient, List<Kind> outcomes,
            java.util.ArrayDeque<String> history) {
        boolean first = true;
        try {
            while (running) {
                Outcome outcome = client.connectOnce();
                record(outcome, first, fullOfThisClient);
                outcomes.add(outcome.kind);
                synchronized (history) {
                    if (history.size() == HISTORY) {
                        history.removeFirst();
                    }
                    history.addLast(java.time.LocalTime.now(java.time.ZoneOffset.UTC) + " "
                            + outcome.kind + " " + outcome.detail);
                }
                if (outcome.kind == Kind.RESUMED || outcome.kind == Kind.FULL) {
                    first = false;
                    Thread.sleep(pause.toMillis());
                } else {
                    note(outcome);
                    // a client backs off after a failure instead of hammering a balancer
                    // that has no backend
                    Thread.sleep(Math.max(200, 10 * pause.toMillis()));
                }
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } finally {
            client.close();
        }
    }

    private synchronized void record(Outcome outcome, boolean first, AtomicLong fullOfThisClient) {
        connections.incrementAndGet();
        switch (outcome.kind) {
            case RESUMED -> resumed.incrementAndGet();
            case FULL -> {
                full.incrementAndGet();
                fullOfThisClient.incrementAndGet();
                if (first) {
                    firsts.incrementAndGet();
                }
            }
            case FAILED -> failed.incrementAndGet();
            case REFUSED -> refused.incrementAndGet();
        }
    }

    private void note(Outcome outcome) {
        synchronized (failures) {
            if (failures.size() < 20) {
                failures.add(outcome.kind + " at " + java.time.Instant.now() + ": "
                        + outcome.detail);
            }
        }
    }

    /** What one connection came to (see {@link #refusedOrFailed} for failed vs refused). */
    public enum Kind { RESUMED, FULL, FAILED, REFUSED }

    private record Outcome(Kind kind, String detail) { }

    private interface Client {
        Outcome connectOnce();

        default void close() {
        }
    }

    /** The JDK's client: one SSLContext (so one session cache) per client. */
    private final class JdkClient implements Client {
        private final ResumptionProbe probe;
        private int index;

        JdkClient(String protocol) {
            probe = new ResumptionProbe(TestCertificates.get().clientContext("TLS"), protocol,
                    SERVER_NAME);
        }

        @Override
        public Outcome connectOnce() {
            try {
                ResumptionProbe.Observation o = probe.connect(index++, host, port);
                return new Outcome(o.clientSaysResumed() ? Kind.RESUMED : Kind.FULL, o.node());
            } catch (IOException e) {
                return new Outcome(refusedOrFailed(e), e.toString());
            }
        }
    }

    /**
     * Refused: nothing TLS came back (connect refused or timed out, EOF or reset during the
     * handshake without an alert). Failed: anything else (an alert, a certificate or protocol
     * error, no answer to the request after a completed handshake).
     */
    static Kind refusedOrFailed(IOException e) {
        if (e instanceof ConnectException || e instanceof SocketTimeoutException
                || (e instanceof SocketException && !(e instanceof SSLException))) {
            return Kind.REFUSED;
        }
        if (e instanceof SSLHandshakeException) {
            for (Throwable c = e; c != null; c = c.getCause()) {
                if (c instanceof EOFException || c instanceof SocketException
                        || String.valueOf(c.getMessage()).contains(
                                "Remote host terminated the handshake")) {
                    return Kind.REFUSED;
                }
            }
        }
        return Kind.FAILED;
    }

    /** {@code openssl s_client -tls1_2 -no_ticket} with its session file. */
    private final class OpenSslSessionIdClient implements Client {
        private final Path session = OpenSslClient.sessionFile();

        @Override
        public Outcome connectOnce() {
            boolean offer = Files.exists(session);
            try {
                OpenSslClient.Result r = OpenSslClient.connect(host, port, "tls1_2",
                        offer ? session : null, session, "-no_ticket");
                if (r.output().contains("Cipher is (NONE)")) {
                    return new Outcome(r.output().contains("handshake has read 0 bytes")
                            ? Kind.REFUSED : Kind.FAILED, lastLines(r.output()));
                }
                if (r.node().isEmpty()) {
                    return new Outcome(Kind.FAILED, "no answer after the handshake: "
                            + lastLines(r.output()));
                }
                return new Outcome(r.reused() ? Kind.RESUMED : Kind.FULL, r.node());
            } catch (IllegalStateException e) {
                String message = String.valueOf(e.getMessage());
                return new Outcome(message.contains("errno=111") || message.contains("refused")
                        || message.contains("handshake has read 0 bytes") ? Kind.REFUSED
                        : Kind.FAILED, lastLines(message));
            }
        }

        @Override
        public void close() {
            TempFiles.delete(session);
        }
    }

    private static String lastLines(String text) {
        String[] lines = text.split("\n");
        return String.join(" | ", java.util.Arrays.asList(lines)
                .subList(Math.max(0, lines.length - 6), lines.length));
    }
}
