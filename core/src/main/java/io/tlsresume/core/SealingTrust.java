package io.tlsresume.core;

import java.util.Locale;

/** The value of {@link Setting#SEALING_TRUST}: whose membership cards a node accepts. */
public enum SealingTrust {
    /** Certificates with the same public key as this node's. */
    SAME_KEY,
    /** Certificates issued by the CAs in {@link Setting#SEALING_TRUST_CA}. */
    CA,
    /** Certificate keys pinned in {@link Setting#SEALING_TRUST_PINS}. */
    PINNED;

    static SealingTrust parse(String text) {
        return valueOf(text.trim().toUpperCase(Locale.ROOT).replace('-', '_'));
    }
}
