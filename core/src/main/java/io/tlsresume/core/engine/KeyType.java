package io.tlsresume.core.engine;

import java.security.PublicKey;
import java.security.interfaces.ECKey;
import java.security.interfaces.RSAKey;
import java.util.Objects;

/** The kind of key a server certificate carries, as far as choosing a context goes. */
public enum KeyType {
    /** An RSA key (signs with RSA-PSS in TLS 1.3, PKCS#1 v1.5 or PSS in TLS 1.2). */
    RSA,
    /** An elliptic-curve key (signs with ECDSA). */
    EC;

    /**
     * The type of {@code key}.
     *
     * @throws IllegalArgumentException for any other key (DSA, EdDSA, ...): tlsresume's engine
     *     serves RSA and EC keys only
     */
    public static KeyType of(PublicKey key) {
        Objects.requireNonNull(key, "key");
        if (key instanceof RSAKey || "RSA".equals(key.getAlgorithm())) {
            return RSA;
        }
        if (key instanceof ECKey || "EC".equals(key.getAlgorithm())) {
            return EC;
        }
        throw new IllegalArgumentException("unsupported key type " + key.getAlgorithm()
                + ": only RSA and EC keys can serve TLS here");
    }
}
