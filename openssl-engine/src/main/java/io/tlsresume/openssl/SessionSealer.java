package io.tlsresume.openssl;

import io.tlsresume.core.ring.TicketKey;
import io.tlsresume.core.ring.TicketKeyInstaller;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.SecureRandom;
import java.util.Arrays;
import java.util.HashMap;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import javax.crypto.Cipher;
import javax.crypto.SecretKey;
import javax.crypto.spec.GCMParameterSpec;
import javax.crypto.spec.SecretKeySpec;

/**
 * Seals serialized sessions (which hold the master secret) before they leave the process, with
 * AES-256-GCM under a key derived by HKDF-SHA256 from the ring's current ticket key. It follows
 * the ring: a session is sealed under the encrypting key, and opens only while the key it was
 * sealed under is still in the ring; once that key retires, the entry is unreadable everywhere.
 *
 * <p>Entry layout: version (1) | epoch (8) | key name (16) | nonce (12) | ciphertext and tag.
 * The header and the session id are authenticated, so an entry cannot be moved to another id.
 * The key name is not secret (it travels in every ticket), and says which key to derive.
 */
final class SessionSealer implements TicketKeyInstaller {
    private static final byte VERSION = 1;
    private static final int NONCE_LENGTH = 12;
    private static final int TAG_BITS = 128;
    static final int HEADER_LENGTH = 1 + Long.BYTES + TicketKey.PART_LENGTH + NONCE_LENGTH;
    private static final byte[] SALT = "tlsresume session store v1"
            .getBytes(StandardCharsets.US_ASCII);

    private final SecureRandom random = new SecureRandom();
    private volatile Keys keys = Keys.NONE;

    /** Derived keys by key name (hex); the first installed key seals. */
    private record Keys(Derived sealing, Map<String, Derived> byName) {
        static final Keys NONE = new Keys(null, Map.of());
    }

    private record Derived(long epoch, byte[] name, SecretKey key) { }

    /** Called by the key rotator whenever the ring changes; derives each key once. */
    @Override
    public void install(List<TicketKey> ring) {
        Map<String, Derived> previous = keys.byName();
        Map<String, Derived> next = new HashMap<>();
        for (TicketKey key : ring) {
            String name = HexFormat.of().formatHex(key.name());
            Derived derived = previous.get(name);
            next.put(name, derived != null ? derived : derive(key));
        }
        Derived sealing = next.get(HexFormat.of().formatHex(ring.get(0).name()));
        keys = new Keys(sealing, Map.copyOf(next));
    }

    private static Derived derive(TicketKey key) {
        byte[] hmac = key.hmacKey();
        byte[] aes = key.aesKey();
        byte[] ikm = ByteBuffer.allocate(hmac.length + aes.length).put(hmac).put(aes).array();
        byte[] okm = Hkdf.sha256(SALT, ikm, key.name(), 32);
        try {
            return new Derived(key.epoch(), key.name(), new SecretKeySpec(okm, "AES"));
        } finally {
            Arrays.fill(hmac, (byte) 0);
            Arrays.fill(aes, (byte) 0);
            Arrays.fill(ikm, (byte) 0);
            Arrays.fill(okm, (byte) 0);
        }
    }

    /** Whether a ring key has been installed (before that, nothing can be sealed). */
    boolean ready() {
        return keys.sealing() != null;
    }

    /** Epochs whose keys can open entries now, for diagnostics and tests. */
    List<Long> openableEpochs() {
        return keys.byName().values().stream().map(Derived::epoch).sorted().toList();
    }

    /**
     * Seals {@code session} for the store entry {@code id}.
     *
     * @throws IllegalStateException if no ring key is installed yet
     */
    byte[] seal(String id, byte[] session) {
        Derived key = keys.sealing();
        if (key == null) {
            throw new IllegalStateException("no ring key installed yet");
        }
        byte[] nonce = new byte[NONCE_LENGTH];
        random.nextBytes(nonce);
        ByteBuffer header = ByteBuffer.allocate(HEADER_LENGTH)
                .put(VERSION).putLong(key.epoch()).put(key.name()).put(nonce);
        try {
            Cipher cipher = Cipher.getInstance("AES/GCM/NoPadding");
            cipher.init(Cipher.ENCRYPT_MODE, key.key(), new GCMParameterSpec(TAG_BITS, nonce));
            cipher.updateAAD(header.array());
            cipher.updateAAD(id.getBytes(StandardCharsets.US_ASCII));
            byte[] sealed = cipher.doFinal(session);
            return ByteBuffer.allocate(HEADER_LENGTH + sealed.length).put(header.array())
                    .put(sealed).array();
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("AES-GCM failed: " + e.getMessage(), e);
        }
    }

    /**
     * Opens an entry sealed for {@code id}.
     *
     * @return the session, or {@code null} if the entry is corrupt, was sealed for another id or
     *     by another cluster, or its key has left the ring
     */
    byte[] open(String id, byte[] entry) {
        if (entry == null || entry.length <= HEADER_LENGTH || entry[0] != VERSION) {
            return null;
        }
        byte[] name = Arrays.copyOfRange(entry, 1 + Long.BYTES,
                1 + Long.BYTES + TicketKey.PART_LENGTH);
        Derived key = keys.byName().get(HexFormat.of().formatHex(name));
        if (key == null || ByteBuffer.wrap(entry, 1, Long.BYTES).getLong() != key.epoch()) {
            return null;
        }
        try {
            Cipher cipher = Cipher.getInstance("AES/GCM/NoPadding");
            cipher.init(Cipher.DECRYPT_MODE, key.key(), new GCMParameterSpec(TAG_BITS, entry,
                    HEADER_LENGTH - NONCE_LENGTH, NONCE_LENGTH));
            cipher.updateAAD(entry, 0, HEADER_LENGTH);
            cipher.updateAAD(id.getBytes(StandardCharsets.US_ASCII));
            return cipher.doFinal(entry, HEADER_LENGTH, entry.length - HEADER_LENGTH);
        } catch (GeneralSecurityException e) {
            return null;
        }
    }
}
