package io.tlsresume.openssl;

import io.tlsresume.core.ring.TicketKey;
import io.tlsresume.core.ring.TicketKeyInstaller;
import java.security.MessageDigest;
import java.util.List;

/**
 * The ring's ticket keys as one {@code SSL_CTX}'s stateless-ticket keys: the first key
 * encrypts, every live key decrypts (tickets under an older key are renewed). Same layout as on
 * the BoringSSL engine (16-byte name, HMAC-SHA256 and AES-128-CBC keys), but the sealed session
 * inside is OpenSSL's encoding, so the engines still cannot read each other's tickets.
 */
final class RingTickets implements TicketKeyInstaller {

    /** One key's parts, copied out of the ring (the ring destroys its own on retirement). */
    record Key(byte[] name, byte[] hmac, byte[] aes) { }

    private volatile List<Key> keys = List.of();

    @Override
    public void install(List<TicketKey> ring) {
        keys = ring.stream().map(k -> new Key(k.name(), k.hmacKey(), k.aesKey())).toList();
    }

    /** The key that encrypts new tickets, or {@code null} before the ring is known. */
    Key encrypting() {
        List<Key> current = keys;
        return current.isEmpty() ? null : current.get(0);
    }

    /**
     * The live key named {@code name}, or {@code null}.
     *
     * @return the key and whether it is the encrypting one (else the ticket is renewed)
     */
    Found find(byte[] name) {
        List<Key> current = keys;
        for (int i = 0; i < current.size(); i++) {
            if (MessageDigest.isEqual(current.get(i).name(), name)) {
                return new Found(current.get(i), i == 0);
            }
        }
        return null;
    }

    /** A key found by name. */
    record Found(Key key, boolean encrypting) { }
}
