package io.tlsresume.core.sealing;

import io.tlsresume.core.ring.TicketKey;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.security.cert.X509Certificate;
import java.time.Instant;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * One ring key sealed separately to each recipient card with HPKE, signed by its creator's TLS
 * key. The key name travels in the clear (it is in every ticket anyway) so a node can tell, without
 * opening anything, whether it already holds the key and whether a re-seal for a late joiner
 * carries the same key as the epoch's envelope.
 *
 * <p>Each seal's associated data binds it to the epoch, the creator, the recipient card and the
 * key name: a seal cut out of one envelope does not open inside another.
 *
 * @param epoch the epoch whose key this is
 * @param creator node id of the signer
 * @param keyName the ticket key's 16-byte name (not secret)
 * @param seals recipient card id (hex) to seal
 * @param chain the signer's certificate chain
 */
public record Envelope(long epoch, String creator, byte[] keyName,
        Map<String, Hpke.Sealed> seals, List<X509Certificate> chain) {
    private static final int VERSION = 1;
    private static final int MAX_SEALS = 1000;

    /** Seals {@code key} to each of {@code recipients} and signs the result. */
    public static byte[] seal(NodeIdentity identity, TicketKey key,
            List<MembershipCard> recipients, Instant now) {
        byte[] plaintext = key.toBytes();
        try {
            byte[] name = key.name();
            Wire.Out body = new Wire.Out().u8(VERSION).u64(key.epoch()).text(identity.nodeId())
                    .raw(name).u64(now.toEpochMilli()).u16(recipients.size());
            for (MembershipCard card : recipients) {
                byte[] id = card.id();
                Hpke.Sealed sealed = Hpke.seal(card.publicKey(),
                        aad(key.epoch(), identity.nodeId(), id, name), plaintext);
                body.raw(id).field(sealed.enc()).field(sealed.ciphertext());
            }
            return SignedEntry.sign(identity, 'E', body.toByteArray());
        } finally {
            Arrays.fill(plaintext, (byte) 0);
        }
    }

    /**
     * Parses an envelope and checks that its own certificate signed it (trust is the caller's).
     *
     * @throws GeneralSecurityException if it is unsigned, badly signed or malformed
     */
    public static Envelope verify(byte[] bytes) throws GeneralSecurityException {
        try {
            SignedEntry.Verified verified = SignedEntry.verify('E', bytes);
            Wire.In in = new Wire.In(verified.body());
            if (in.u8() != VERSION) {
                throw new GeneralSecurityException("unknown envelope version");
            }
            long epoch = in.u64();
            String creator = in.text();
            byte[] name = in.raw(TicketKey.PART_LENGTH);
            in.u64(); // creation time: informative only
            int count = in.u16();
            if (count > MAX_SEALS) {
                throw new GeneralSecurityException(count + " seals");
            }
            Map<String, Hpke.Sealed> seals = new LinkedHashMap<>();
            for (int i = 0; i < count; i++) {
                String id = HexFormat.of().formatHex(in.raw(8));
                seals.put(id, new Hpke.Sealed(in.field(), in.field()));
            }
            in.requireEnd();
            return new Envelope(epoch, creator, name, Map.copyOf(seals), verified.chain());
        } catch (Wire.MalformedEntryException e) {
            throw new GeneralSecurityException("malformed envelope: " + e.getMessage());
        }
    }

    /** Whether it holds a seal for the card with this id. */
    public boolean isSealedTo(String cardIdHex) {
        return seals.containsKey(cardIdHex);
    }

    /** Whether it carries the key named {@code name}. */
    public boolean carries(byte[] name) {
        return MessageDigest.isEqual(keyName, name);
    }

    /**
     * Opens the seal made for {@code pair}.
     *
     * @throws GeneralSecurityException if there is none, it does not open, or what it holds is not
     *     the key this envelope names for its epoch
     */
    public TicketKey open(EphemeralKeyPair pair) throws GeneralSecurityException {
        return openSeal(pair.idHex(), pair);
    }

    /**
     * Tries the seal made for card {@code cardIdHex} with {@code pair}, whether or not that is
     * the pair's own card (tests: an attacker trying every seal with the keys it has).
     */
    TicketKey openSeal(String cardIdHex, EphemeralKeyPair pair) throws GeneralSecurityException {
        Hpke.Sealed sealed = seals.get(cardIdHex);
        if (sealed == null) {
            throw new GeneralSecurityException("no seal for card " + cardIdHex);
        }
        byte[] plaintext = pair.open(sealed, aad(epoch, creator, HexFormat.of().parseHex(cardIdHex),
                keyName));
        try {
            TicketKey key = TicketKey.fromBytes(plaintext);
            if (key.epoch() != epoch || !carries(key.name())) {
                key.destroy();
                throw new GeneralSecurityException("sealed key does not match the envelope");
            }
            return key;
        } catch (IllegalArgumentException e) {
            throw new GeneralSecurityException("sealed bytes are not a ticket key");
        } finally {
            Arrays.fill(plaintext, (byte) 0);
        }
    }

    private static byte[] aad(long epoch, String creator, byte[] cardId, byte[] keyName) {
        return new Wire.Out().u64(epoch).text(creator).raw(cardId).raw(keyName).toByteArray();
    }

    @Override
    public byte[] keyName() {
        return keyName.clone();
    }

    @Override
    public String toString() {
        return "Envelope[epoch " + epoch + " by " + creator + ", " + seals.size() + " seals]";
    }
}
