package io.tlsresume.core.sealing;

import java.security.GeneralSecurityException;
import java.security.cert.X509Certificate;
import java.time.Instant;
import java.util.HexFormat;
import java.util.List;

/**
 * A node's signed statement "seal ring keys for me to this X25519 public key until then":
 * node id, ephemeral public key, issue and expiry time, signed with the node's TLS key, with its
 * certificate chain. Nodes publish their card in the store; whoever seals a ring key seals it to
 * every card its {@link CardTrust} accepts.
 *
 * @param nodeId the publishing node
 * @param publicKey its current ephemeral X25519 public key
 * @param issuedAt when the key pair was made; a card older than one already seen from the same
 *     node is a replay
 * @param expiresAt after this nobody seals to it (the private key is erased by then)
 * @param chain the signer's certificate chain, leaf first
 */
public record MembershipCard(String nodeId, byte[] publicKey, Instant issuedAt, Instant expiresAt,
        List<X509Certificate> chain) {
    private static final int VERSION = 1;

    /** Makes and signs the card of {@code pair}. */
    public static byte[] sign(NodeIdentity identity, EphemeralKeyPair pair, Instant expiresAt) {
        byte[] body = new Wire.Out().u8(VERSION).text(identity.nodeId()).field(pair.publicKey())
                .u64(pair.created().toEpochMilli()).u64(expiresAt.toEpochMilli()).toByteArray();
        return SignedEntry.sign(identity, 'C', body);
    }

    /**
     * Parses a card and checks that its own certificate signed it (whether that certificate is
     * trusted is the caller's {@link CardTrust}'s business).
     *
     * @throws GeneralSecurityException if it is unsigned, badly signed or malformed
     */
    public static MembershipCard verify(byte[] bytes) throws GeneralSecurityException {
        try {
            SignedEntry.Verified verified = SignedEntry.verify('C', bytes);
            Wire.In in = new Wire.In(verified.body());
            if (in.u8() != VERSION) {
                throw new GeneralSecurityException("unknown card version");
            }
            String nodeId = in.text();
            byte[] publicKey = in.field();
            if (publicKey.length != Hpke.KEY_LENGTH) {
                throw new GeneralSecurityException("not an X25519 public key");
            }
            Instant issued = Instant.ofEpochMilli(in.u64());
            Instant expires = Instant.ofEpochMilli(in.u64());
            in.requireEnd();
            return new MembershipCard(nodeId, publicKey, issued, expires, verified.chain());
        } catch (Wire.MalformedEntryException e) {
            throw new GeneralSecurityException("malformed card: " + e.getMessage());
        }
    }

    /** The id seals use to name this card: 8 bytes of SHA-256 over the public key. */
    public byte[] id() {
        return EphemeralKeyPair.idOf(publicKey);
    }

    /** {@link #id()} in hex. */
    public String idHex() {
        return HexFormat.of().formatHex(id());
    }

    @Override
    public byte[] publicKey() {
        return publicKey.clone();
    }

    @Override
    public String toString() {
        return "MembershipCard[" + nodeId + " " + idHex() + ", until " + expiresAt + "]";
    }
}
