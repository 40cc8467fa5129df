package io.tlsresume.openssl;

import static java.lang.foreign.ValueLayout.JAVA_BYTE;

import io.tlsresume.core.ring.TicketKey;
import io.tlsresume.core.ring.TicketKeyInstaller;
import java.lang.foreign.MemorySegment;
import java.security.MessageDigest;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.locks.StampedLock;

/**
 * The ring's ticket keys as one {@code SSL_CTX}'s stateless-ticket keys: the first key
 * encrypts, every live key decrypts (tickets under an older key are renewed). Same layout as on
 * the BoringSSL engine (16-byte name, HMAC-SHA256 and AES-128-CBC keys), but the sealed session
 * inside is OpenSSL's encoding, so the engines still cannot read each other's tickets.
 *
 * <p>The copies taken from the ring are overwritten as soon as the ring no longer holds their
 * key (and all of them on {@link #wipe()}), as the BoringSSL engine's context does with its own.
 */
final class RingTickets implements TicketKeyInstaller {

    /**
     * One key's parts, copied out of the ring (the ring destroys its own on retirement). A
     * handshake may still hold the key when a new ring replaces it: {@link #copySecrets} then
     * fails instead of handing out overwritten bytes.
     */
    static final class Key {
        private final byte[] name;
        private final byte[] hmac;
        private final byte[] aes;
        private final StampedLock lock = new StampedLock();
        private volatile boolean wiped;

        Key(byte[] name, byte[] hmac, byte[] aes) {
            this.name = name;
            this.hmac = hmac;
            this.aes = aes;
        }

        /** The 16-byte key name (not secret: it travels in every ticket). */
        byte[] name() {
            return name;
        }

        /**
         * Copies the AES and HMAC keys into native memory; false if this key was overwritten
         * meanwhile (the ring moved on: no ticket under it then). Lock-free for handshakes:
         * an optimistic read, checked after the copy.
         */
        boolean copySecrets(MemorySegment aesOut, MemorySegment hmacOut) {
            long stamp = lock.tryOptimisticRead();
            if (stamp == 0 || wiped) {
                return false;
            }
            MemorySegment.copy(aes, 0, aesOut, JAVA_BYTE, 0, aes.length);
            MemorySegment.copy(hmac, 0, hmacOut, JAVA_BYTE, 0, hmac.length);
            if (lock.validate(stamp)) {
                return true;
            }
            aesOut.fill((byte) 0);
            hmacOut.fill((byte) 0);
            return false;
        }

        /** The arrays this key overwrites; only tests look at them. */
        byte[][] secretArrays() {
            return new byte[][] {hmac, aes};
        }

        void wipe() {
            long stamp = lock.writeLock();
            try {
                wiped = true;
                Arrays.fill(hmac, (byte) 0);
                Arrays.fill(aes, (byte) 0);
            } finally {
                lock.unlockWrite(stamp);
            }
        }
    }

    private final Object installing = new Object();
    private volatile List<Key> keys = List.of();

    @Override
    public void install(List<TicketKey> ring) {
        synchronized (installing) {
            List<Key> previous = keys;
            List<Key> next = new ArrayList<>(ring.size());
            for (TicketKey k : ring) {
                // A key still in the ring keeps its copy: handshakes using it are never failed.
                Key kept = named(previous, k.name());
                next.add(kept != null ? kept : new Key(k.name(), k.hmacKey(), k.aesKey()));
            }
            keys = List.copyOf(next);
            for (Key old : previous) {
                if (!next.contains(old)) {
                    old.wipe();
                }
            }
        }
    }

    /** Overwrites every copy; the context is gone (a later {@link #install} starts afresh). */
    void wipe() {
        synchronized (installing) {
            List<Key> previous = keys;
            keys = List.of();
            previous.forEach(Key::wipe);
        }
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

    private static Key named(List<Key> keys, byte[] name) {
        for (Key key : keys) {
            if (MessageDigest.isEqual(key.name(), name)) {
                return key;
            }
        }
        return null;
    }

    /** A key found by name. */
    record Found(Key key, boolean encrypting) { }
}
