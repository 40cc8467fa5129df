package io.tlsresume.core.engine;

import java.util.Set;

/** Which TLS code points a certificate key of each {@link KeyType} can serve. */
final class SignatureSchemes {
    /** rsa_pss_rsae_sha256/384/512: the only RSA schemes TLS 1.3 allows for an RSA key. */
    private static final Set<Integer> RSA_PSS_RSAE = Set.of(0x0804, 0x0805, 0x0806);
    /** ecdsa_secp256r1_sha256, ecdsa_secp384r1_sha384, ecdsa_secp521r1_sha512. */
    private static final Set<Integer> ECDSA_TLS13 = Set.of(0x0403, 0x0503, 0x0603);
    /** TLS_ECDHE_ECDSA_WITH_*: the TLS 1.2 suites an EC key signs (RFC 8422, 5289, 7905...). */
    private static final Set<Integer> ECDHE_ECDSA = Set.of(0xC006, 0xC007, 0xC008, 0xC009,
            0xC00A, 0xC023, 0xC024, 0xC02B, 0xC02C, 0xC072, 0xC073, 0xC086, 0xC087, 0xC0AC,
            0xC0AD, 0xC0AE, 0xC0AF, 0xCCA9);
    /** TLS_ECDHE_RSA_WITH_*: the TLS 1.2 suites an RSA key signs. */
    private static final Set<Integer> ECDHE_RSA = Set.of(0xC010, 0xC011, 0xC012, 0xC013, 0xC014,
            0xC027, 0xC028, 0xC02F, 0xC030, 0xC076, 0xC077, 0xC08A, 0xC08B, 0xCCA8);

    private SignatureSchemes() {
    }

    static boolean signsTls13(KeyType type, int scheme) {
        return (type == KeyType.RSA ? RSA_PSS_RSAE : ECDSA_TLS13).contains(scheme);
    }

    /**
     * TLS 1.2 also takes the (hash, signature) pairs of RFC 5246 section 7.4.1.4.1: signature 1
     * is RSA, 3 is ECDSA, hashes SHA-1 (2) to SHA-512 (6).
     */
    static boolean signsTls12(KeyType type, int scheme) {
        int hash = scheme >>> 8;
        int signature = scheme & 0xff;
        boolean pair = hash >= 2 && hash <= 6
                && signature == (type == KeyType.RSA ? 1 : 3);
        return pair || (type == KeyType.RSA && RSA_PSS_RSAE.contains(scheme));
    }

    static boolean ecdheSuite(KeyType type, int suite) {
        return (type == KeyType.RSA ? ECDHE_RSA : ECDHE_ECDSA).contains(suite);
    }
}
