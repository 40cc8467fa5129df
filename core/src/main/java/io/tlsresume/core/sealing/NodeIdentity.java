package io.tlsresume.core.sealing;

import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.PrivateKey;
import java.security.PublicKey;
import java.security.Signature;
import java.security.cert.X509Certificate;
import java.util.List;
import java.util.Map;

/**
 * This node's long-term identity in the ring: its TLS certificate chain and private key. The key
 * only ever signs (cards and envelopes); it never decrypts anything, so stealing it later does not
 * open envelopes recorded earlier.
 */
public final class NodeIdentity {
    /** Signature algorithm per key algorithm; anything else is refused at start. */
    private static final Map<String, String> SIGNATURES = Map.of(
            "EC", "SHA256withECDSA",
            "RSA", "SHA256withRSA",
            "Ed25519", "Ed25519",
            "EdDSA", "Ed25519");

    private final String nodeId;
    private final PrivateKey privateKey;
    private final List<X509Certificate> chain;
    private final String signatureAlgorithm;

    /**
     * @param nodeId this node's id (unique in the cluster)
     * @param privateKey the leaf certificate's private key
     * @param chain the certificate chain, leaf first
     * @throws IllegalArgumentException if the key cannot sign or does not match the leaf
     */
    public NodeIdentity(String nodeId, PrivateKey privateKey, List<X509Certificate> chain) {
        if (chain.isEmpty()) {
            throw new IllegalArgumentException("empty certificate chain");
        }
        this.nodeId = nodeId;
        this.privateKey = privateKey;
        this.chain = List.copyOf(chain);
        this.signatureAlgorithm = algorithmFor(privateKey.getAlgorithm());
        byte[] probe = "tlsresume key check".getBytes(StandardCharsets.US_ASCII);
        try {
            if (!verify(chain.get(0).getPublicKey(), signatureAlgorithm, probe, sign(probe))) {
                throw new IllegalArgumentException("the private key does not belong to the leaf"
                        + " certificate " + chain.get(0).getSubjectX500Principal());
            }
        } catch (GeneralSecurityException e) {
            throw new IllegalArgumentException("the private key cannot sign: " + e.getMessage(), e);
        }
    }

    static String algorithmFor(String keyAlgorithm) {
        String algorithm = SIGNATURES.get(keyAlgorithm);
        if (algorithm == null) {
            throw new IllegalArgumentException("a " + keyAlgorithm + " key cannot sign ring"
                    + " cards (EC, RSA or Ed25519 keys can)");
        }
        return algorithm;
    }

    /** This node's id. */
    public String nodeId() {
        return nodeId;
    }

    /** The certificate chain, leaf first. */
    public List<X509Certificate> chain() {
        return chain;
    }

    /** The public key of the leaf certificate. */
    public PublicKey publicKey() {
        return chain.get(0).getPublicKey();
    }

    String signatureAlgorithm() {
        return signatureAlgorithm;
    }

    byte[] sign(byte[] data) throws GeneralSecurityException {
        Signature signature = Signature.getInstance(signatureAlgorithm);
        signature.initSign(privateKey);
        signature.update(data);
        return signature.sign();
    }

    /** Verifies a signature made by {@link #sign} with the algorithm the signer named. */
    static boolean verify(PublicKey key, String algorithm, byte[] data, byte[] signature)
            throws GeneralSecurityException {
        String expected = key.getAlgorithm() == null ? null : SIGNATURES.get(key.getAlgorithm());
        if (!algorithm.equals(expected)) {
            throw new GeneralSecurityException("signature algorithm " + algorithm
                    + " does not fit a " + key.getAlgorithm() + " key");
        }
        Signature verifier = Signature.getInstance(algorithm);
        verifier.initVerify(key);
        verifier.update(data);
        return verifier.verify(signature);
    }
}
