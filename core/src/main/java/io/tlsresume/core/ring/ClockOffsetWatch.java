package io.tlsresume.core.ring;

import java.lang.System.Logger;
import java.lang.System.Logger.Level;

/**
 * Tells the operator when this node's wall clock is off the cluster's by a second or more. The
 * key ring itself tolerates skew up to half the rotation interval, but the TLS engines do not:
 * BoringSSL refuses a session whose creation time lies in its future, so for as many seconds as
 * the clocks differ, sessions issued by the node that is ahead get a full handshake on the nodes
 * behind it (and the other way round). Only NTP fixes that; this makes it visible.
 */
final class ClockOffsetWatch {
    private static final Logger LOG = System.getLogger("io.tlsresume.ring");
    /** BoringSSL compares session times in whole seconds. */
    static final long WARN_AT_MILLIS = 1000;
    /** Back below this (half the warning level, so a clock near the edge does not flap). */
    static final long CLEAR_AT_MILLIS = 500;

    private boolean warned;

    /** Looks at this tick's offset (this node's clock minus the cluster's, in ms). */
    void check(long offsetMillis, String store) {
        long magnitude = Math.abs(offsetMillis);
        if (!warned && magnitude >= WARN_AT_MILLIS) {
            warned = true;
            LOG.log(Level.WARNING, "This node''s clock is {0,number,#} ms {1} the cluster''s"
                    + " ({2}): sessions created on a node whose clock is ahead get a full"
                    + " handshake on the nodes behind it for that long (TLS engines refuse"
                    + " sessions from the future). Synchronise the clocks (NTP)", magnitude,
                    offsetMillis > 0 ? "ahead of" : "behind", store);
        } else if (warned && magnitude < CLEAR_AT_MILLIS) {
            warned = false;
            LOG.log(Level.INFO, "This node''s clock is within {0,number,#} ms of the cluster''s"
                    + " again ({1})", magnitude, store);
        }
    }
}
