package io.tlsresume.core.ring;

/**
 * What sealing sees, for metrics. Holds no key material.
 *
 * @param sealing whether keys are sealed in the store
 * @param trustedCards membership cards accepted at the last tick, this node's included
 * @param rejectedCards distinct cards ignored: unsigned, badly signed, untrusted, replayed
 * @param rejectedEnvelopes distinct envelopes and re-seals ignored: unsigned, badly signed,
 *     untrusted, claiming another epoch or key, or not opening
 * @param reseals re-seals this node wrote for nodes that joined after a key was made
 */
public record SealingStatus(boolean sealing, int trustedCards, long rejectedCards,
        long rejectedEnvelopes, long reseals) {
    /** Sealing off. */
    public static final SealingStatus OFF = new SealingStatus(false, 0, 0, 0, 0);
}
