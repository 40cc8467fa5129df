package io.tlsresume.core.ring;

import java.time.Instant;

/**
 * A snapshot of one node's ring, for metrics and logs. Holds no key material.
 *
 * @param size keys held (encrypting, upcoming, decrypt-only)
 * @param currentFingerprint fingerprint of the encrypting key, or "none"
 * @param lastRotation when the encrypting key last changed, or null before the first key
 * @param degraded whether the node is serving with keys the cluster may not share
 * @param degradedReason why, or "" when not degraded
 * @param memberCount cluster members visible from this node
 * @param rejectedEntries store entries ignored because they could not be read as keys
 */
public record RingStatus(int size, String currentFingerprint, Instant lastRotation,
        boolean degraded, String degradedReason, int memberCount, long rejectedEntries) {
}
