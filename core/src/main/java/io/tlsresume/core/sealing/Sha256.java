package io.tlsresume.core.sealing;

import java.security.GeneralSecurityException;
import java.security.MessageDigest;

/** SHA-256, which every Java platform has: names for cards, pins and store entries. */
final class Sha256 {
    private Sha256() {
    }

    static byte[] of(byte[] data) {
        try {
            return MessageDigest.getInstance("SHA-256").digest(data);
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("SHA-256 is required by every Java platform", e);
        }
    }
}
