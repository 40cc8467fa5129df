package io.tlsresume.testkit.hosts;

import java.util.Locale;

/**
 * What a {@link ReconnectingLoad} counted, client side.
 *
 * @param connections every attempt to connect through the balancer
 * @param resumed handshakes the client saw resume its session
 * @param full completed handshakes that made a new session
 * @param failed attempts that reached a TLS peer and failed: a TLS alert, a protocol or
 *     certificate error, or no proper answer to the request after the handshake
 * @param refused attempts that never got a handshake: TCP connect refused or timed out, or the
 *     connection closed or reset before the handshake completed without a TLS alert (a balancer
 *     with no backend up, a node that died under the connection)
 * @param firstHandshakes full handshakes that were a client's first (no session to offer yet),
 *     which no cluster could resume
 */
public record LoadFigures(long connections, long resumed, long full, long failed, long refused,
        long firstHandshakes) {

    /** Nothing counted. */
    public static final LoadFigures ZERO = new LoadFigures(0, 0, 0, 0, 0, 0);

    /**
     * Resumed share of the reconnections that offered a session: resumed / (connections minus
     * each client's first full handshake); 1 when there were none.
     */
    public double resumedRate() {
        long offered = connections - firstHandshakes;
        return offered <= 0 ? 1.0 : (double) resumed / offered;
    }

    /** The counts since {@code earlier} (a phase of a scenario). */
    public LoadFigures minus(LoadFigures earlier) {
        return new LoadFigures(connections - earlier.connections, resumed - earlier.resumed,
                full - earlier.full, failed - earlier.failed, refused - earlier.refused,
                firstHandshakes - earlier.firstHandshakes);
    }

    /** Both counts together (several loads). */
    public LoadFigures plus(LoadFigures other) {
        return new LoadFigures(connections + other.connections, resumed + other.resumed,
                full + other.full, failed + other.failed, refused + other.refused,
                firstHandshakes + other.firstHandshakes);
    }

    /**
     * The SCENARIO line: {@code SCENARIO <name>: connections=N resumed=N full=N failed=N
     * refused=N resumed-rate=99.95%}; append the server-side and other figures after it.
     */
    public String line(String scenario) {
        return String.format(Locale.ROOT,
                "SCENARIO %s: connections=%d resumed=%d full=%d failed=%d refused=%d"
                        + " resumed-rate=%.2f%%",
                scenario, connections, resumed, full, failed, refused, 100 * resumedRate());
    }
}
