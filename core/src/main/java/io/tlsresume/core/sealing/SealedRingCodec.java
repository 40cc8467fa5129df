package io.tlsresume.core.sealing;

import io.tlsresume.core.ring.RingCodec;
import io.tlsresume.core.ring.RingStore;
import io.tlsresume.core.ring.RotationSchedule;
import io.tlsresume.core.ring.SealingStatus;
import io.tlsresume.core.ring.TicketKey;
import java.lang.System.Logger;
import java.lang.System.Logger.Level;
import java.security.GeneralSecurityException;
import java.security.SecureRandom;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * Keeps ring keys sealed in the store (issue 8: keys never in the clear between nodes).
 *
 * <p>Protocol, per tick of the {@link io.tlsresume.core.ring.KeyRotator}:
 * <ol>
 * <li>Each node holds an ephemeral X25519 key pair in memory, replaced every rotation interval;
 *     the pair before it is kept one more interval (for seals made to it just before it was
 *     replaced), then erased. Its signed {@link MembershipCard} is the side entry
 *     {@code card/<nodeId>}.
 * <li>Cards are accepted if their signature verifies, the signer passes the {@link CardTrust},
 *     they have not expired, and they are not older than a card already seen from that node.
 * <li>The node that creates an epoch's key writes one {@link Envelope} (the key sealed to every
 *     accepted card, signed) with {@code putIfAbsent}, exactly as plain keys were written.
 * <li>A node finding a valid envelope without a seal for its card (it joined later, or renewed
 *     its card) waits; any node holding that key writes a one-seal envelope for it, the re-seal
 *     {@code reseal/<epoch>/<key fingerprint>/<cardId>}, with {@code putIfAbsent}. A re-seal is only used if it names
 *     the same key as the epoch's envelope.
 * </ol>
 * Entries that are unsigned, badly signed, from an untrusted signer, replayed, or that do not open
 * are ignored, counted once each and logged once each, never with key bytes.
 */
public final class SealedRingCodec implements RingCodec {
    private static final Logger LOG = System.getLogger("io.tlsresume.sealing");
    static final String CARD_PREFIX = RingStore.UNNOTIFIED_PREFIX;
    static final String RESEAL_PREFIX = "reseal/";
    /** A node that cannot open an epoch's key asks for a re-seal: {@code want/<epoch>/<key>/<cardId>}. */
    static final String WANT_PREFIX = "want/";

    private static final int MAX_REMEMBERED = 4096;
    private static final int OWN_CARDS_REMEMBERED = 8;

    private final NodeIdentity identity;
    private final CardTrust trust;
    private final RingStore store;
    /** The side entries as last read, refreshed by what changed. */
    private final io.tlsresume.core.ring.RingMirror mirror;
    private final RotationSchedule schedule;
    private final SecureRandom random;

    private EphemeralKeyPair current;
    private EphemeralKeyPair previous;
    private byte[] ownCard;
    private MembershipCard ownCardParsed;
    private Map<String, byte[]> entries = Map.of();
    private Instant lastRefresh = Instant.EPOCH;
    private Map<String, MembershipCard> trusted = Map.of();
    private final Map<String, Instant> newestCard = new HashMap<>();
    private final Map<Long, Envelope> validEnvelopes = new HashMap<>();
    private final Set<String> rejected = new HashSet<>();
    /** Cards whose signature and chain checked out, by digest: verified once, not every tick. */
    private final Map<String, MembershipCard> verifiedCards = new HashMap<>();
    /** Re-seal requests this node wrote, so each is written once. */
    private final Set<String> wanted = new HashSet<>();
    private final Set<Long> awaiting = new HashSet<>();
    /** Cards this node issued lately, oldest first: a failed write may leave one in the store. */
    private final Set<String> ownCardDigests = new java.util.LinkedHashSet<>();
    private Instant firstCardIssued;
    /** Another node with this node's id publishes its card; this one no longer does. */
    private boolean twinSeen;
    private long rejectedCards;
    private long rejectedEnvelopes;
    private long reseals;
    /** HPKE operations done here, for the scale bench (bench item 7). */
    private long hpkeSeals;
    private long hpkeOpens;

    /**
     * @param identity this node's TLS key and chain (signs cards and envelopes)
     * @param trust whose cards and envelopes to accept
     * @param store where cards, envelopes and re-seals live
     * @param schedule the rotation interval sets how long an ephemeral key pair lives
     * @param random source of ephemeral keys
     */
    public SealedRingCodec(NodeIdentity identity, CardTrust trust, RingStore store,
            RotationSchedule schedule, SecureRandom random) {
        this.identity = identity;
        this.trust = trust;
        this.store = store;
        this.mirror = new io.tlsresume.core.ring.RingMirror(store);
        this.schedule = schedule;
        this.random = random;
        String ownRefusal = trust.refusal(identity.chain());
        if (!ownRefusal.isEmpty()) {
            LOG.log(Level.WARNING, "This node''s own certificate is not trusted by its sealing"
                    + " setting ({0}): other nodes with the same setting will not share keys with"
                    + " it. Trust: {1}", ownRefusal, trust.describe());
        }
    }

    @Override
    public synchronized void refresh(Instant now) {
        lastRefresh = now;
        if (current == null || !now.isBefore(current.created().plus(schedule.rotation()))) {
            renewEphemeralKey(now);
        }
        entries = mirror.readEntries();
        byte[] stored = entries.get(CARD_PREFIX + identity.nodeId());
        if (!twinSeen && !java.util.Arrays.equals(stored, ownCard) && isTwinsCard(stored)) {
            twinSeen = true;
            // The setting's name as text: the sealing package does not depend on core's.
            LOG.log(Level.ERROR, "Another node publishes its membership card as {0}: two nodes"
                    + " run with {1}={2}, and each would keep overwriting the other''s card."
                    + " This node stops publishing its card: it serves with the keys it holds,"
                    + " and keys other nodes create are not sealed to it. Give each node its own"
                    + " {1}, or leave it empty for a unique default, and restart this one",
                    CARD_PREFIX + identity.nodeId(),
                    "tlsresume.nodeId", identity.nodeId());
        }
        if (!twinSeen && !java.util.Arrays.equals(stored, ownCard)) {
            // First tick, renewed card, or the store lost it (a restarted cluster).
            store.putEntry(CARD_PREFIX + identity.nodeId(), ownCard, cardLifetime());
            mirror.wrote(CARD_PREFIX + identity.nodeId(), ownCard);
            entries = new HashMap<>(entries);
            entries.put(CARD_PREFIX + identity.nodeId(), ownCard);
        }
        trusted = acceptCards(now);
        awaiting.clear();
    }

    /**
     * Whether {@code stored}, under this node's id, was written by another live node with the
     * same id: a valid card this node did not issue, issued after this node's first card. A card
     * from this node's previous run is older and is replaced, as is anything that does not verify.
     */
    private boolean isTwinsCard(byte[] stored) {
        if (stored == null || firstCardIssued == null || ownCardDigests.contains(digest(stored))) {
            return false;
        }
        try {
            return !MembershipCard.verify(stored).issuedAt().isBefore(firstCardIssued);
        } catch (GeneralSecurityException e) {
            return false;
        }
    }

    private void renewEphemeralKey(Instant now) {
        if (previous != null) {
            previous.erase();
        }
        previous = current;
        current = EphemeralKeyPair.generate(random, now);
        ownCard = MembershipCard.sign(identity, current, now.plus(cardLifetime()));
        try {
            ownCardParsed = MembershipCard.verify(ownCard);
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("this node's own card does not verify", e);
        }
        if (firstCardIssued == null) {
            firstCardIssued = ownCardParsed.issuedAt();
        }
        if (ownCardDigests.size() >= OWN_CARDS_REMEMBERED) {
            ownCardDigests.remove(ownCardDigests.iterator().next());
        }
        ownCardDigests.add(digest(ownCard));
        LOG.log(Level.DEBUG, "New ephemeral sealing key {0}{1}", current.idHex(),
                previous == null ? "" : "; erased the one before " + previous.idHex());
    }

    /** A pair serves as current for one interval and as previous for one more. */
    private Duration cardLifetime() {
        return schedule.rotation().multipliedBy(2);
    }

    private Map<String, MembershipCard> acceptCards(Instant now) {
        Map<String, MembershipCard> accepted = new LinkedHashMap<>();
        Set<String> seen = new HashSet<>();
        for (Map.Entry<String, byte[]> entry : entries.entrySet()) {
            if (!entry.getKey().startsWith(CARD_PREFIX)) {
                continue;
            }
            String digest = digest(entry.getValue());
            seen.add(digest);
            if (rejected.contains(digest)) {
                continue;
            }
            String nodeId = entry.getKey().substring(CARD_PREFIX.length());
            if (java.util.Arrays.equals(entry.getValue(), ownCard)) {
                accepted.put(nodeId, ownCardParsed);
                continue;
            }
            try {
                MembershipCard card = verifiedCards.get(digest);
                if (card == null) {
                    card = MembershipCard.verify(entry.getValue());
                }
                String refusal = refusalOf(card, nodeId, now);
                if (refusal == null) {
                    continue; // expired: its owner has moved on, nothing to report
                }
                if (!refusal.isEmpty()) {
                    rejectCard(digest, entry.getKey(), refusal);
                    continue;
                }
                newestCard.put(nodeId, card.issuedAt());
                accepted.put(nodeId, card);
                verifiedCards.put(digest, card);
            } catch (GeneralSecurityException e) {
                rejectCard(digest, entry.getKey(), e.getMessage());
            }
        }
        verifiedCards.keySet().retainAll(seen);
        return Map.copyOf(accepted);
    }

    /** "" if acceptable, null if merely expired, else why it is refused. */
    private String refusalOf(MembershipCard card, String nodeId, Instant now) {
        if (!card.nodeId().equals(nodeId)) {
            return "signed for node " + card.nodeId() + " but stored as " + nodeId;
        }
        String untrusted = trust.refusal(card.chain());
        if (!untrusted.isEmpty()) {
            return untrusted;
        }
        Instant newest = newestCard.get(nodeId);
        if (newest != null && card.issuedAt().isBefore(newest)) {
            return "replayed: older than a card already seen from " + nodeId;
        }
        // The ring's own skew rule: a card from a node whose clock is ahead, but within what the
        // ring tolerates, must be accepted, or no key is sealed to that node.
        Duration skew = schedule.clockSkewTolerance();
        if (card.issuedAt().isAfter(now.plus(skew))) {
            return "issued in the future (" + card.issuedAt() + "; its node's clock is ahead of"
                    + " this one's by more than half the rotation interval, " + skew.toMillis()
                    + " ms)";
        }
        return now.isAfter(card.expiresAt().plus(skew)) ? null : "";
    }

    @Override
    public synchronized byte[] encode(TicketKey key, Instant now) {
        List<MembershipCard> recipients = recipients();
        hpkeSeals += recipients.size();
        return Envelope.seal(identity, key, recipients, now);
    }

    /** Every trusted card, and this node's own even if its trust setting would refuse it. */
    private List<MembershipCard> recipients() {
        List<MembershipCard> cards = new ArrayList<>(trusted.values());
        if (!trusted.containsKey(identity.nodeId())) {
            cards.add(ownCardParsed);
        }
        return cards;
    }

    @Override
    public synchronized Optional<TicketKey> decode(long epoch, byte[] stored,
            Optional<TicketKey> held) {
        String digest = digest(stored);
        if (rejected.contains(digest)) {
            return Optional.empty();
        }
        Envelope envelope = validEnvelopes.get(epoch);
        if (envelope == null || !digest.equals(envelopeDigests.get(epoch))) {
            try {
                envelope = Envelope.verify(stored);
            } catch (GeneralSecurityException e) {
                rejectEnvelope(digest, "epoch " + epoch, e.getMessage());
                return Optional.empty();
            }
            String refusal = trust.refusal(envelope.chain());
            if (refusal.isEmpty() && envelope.epoch() != epoch) {
                refusal = "replayed: stored for epoch " + epoch + " but made for "
                        + envelope.epoch();
            }
            if (!refusal.isEmpty()) {
                rejectEnvelope(digest, "epoch " + epoch + " by " + envelope.creator(), refusal);
                return Optional.empty();
            }
            validEnvelopes.put(epoch, envelope);
            envelopeDigests.put(epoch, digest);
        }
        if (held.isPresent() && envelope.carries(held.get().name())) {
            return held;
        }
        for (EphemeralKeyPair pair : pairs()) {
            if (envelope.isSealedTo(pair.idHex())) {
                try {
                    hpkeOpens++;
                    return Optional.of(envelope.open(pair));
                } catch (GeneralSecurityException e) {
                    rejectEnvelope(digest, "epoch " + epoch + " by " + envelope.creator(),
                            "undecryptable: " + e.getMessage());
                    return Optional.empty();
                }
            }
        }
        Optional<TicketKey> resealed = openReseal(epoch, envelope);
        if (resealed.isEmpty()) {
            awaiting.add(epoch);
            askForReseal(epoch, envelope);
            LOG.log(Level.DEBUG, "Epoch {0,number,#}: envelope by {1} has no seal for this node"
                    + " yet; waiting for a re-seal", epoch, envelope.creator());
        }
        return resealed;
    }

    private final Map<Long, String> envelopeDigests = new HashMap<>();

    /**
     * Writes a request for a re-seal to this node's current card, once. Cards do not wake other
     * nodes ({@link RingStore#UNNOTIFIED_PREFIX}); the request does, so a holder re-seals at once
     * rather than at its next periodic tick. The request names no secret; a forged one only makes
     * holders seal a key to a card they trust anyway.
     */
    private void askForReseal(long epoch, Envelope envelope) {
        if (current == null || twinSeen) {
            return;
        }
        String name = WANT_PREFIX + epoch + "/" + keyId(envelope.keyName()) + "/"
                + current.idHex();
        if (wanted.add(name)) {
            if (wanted.size() > MAX_REMEMBERED) {
                wanted.clear();
            }
            try {
                byte[] nodeId = identity.nodeId().getBytes(java.nio.charset.StandardCharsets.UTF_8);
                store.putEntry(name, nodeId, schedule.storeTimeToLive(epoch, lastRefresh));
                mirror.wrote(name, nodeId);
            } catch (RuntimeException e) {
                wanted.remove(name); // the store failed: ask again next tick
                LOG.log(Level.DEBUG, "Could not ask for a re-seal of epoch {0,number,#}: {1}",
                        epoch, e.getMessage());
            }
        }
    }

    private Optional<TicketKey> openReseal(long epoch, Envelope envelope) {
        for (EphemeralKeyPair pair : pairs()) {
            String name = resealName(epoch, envelope.keyName(), pair.idHex());
            byte[] bytes = entries.get(name);
            if (bytes == null) {
                continue;
            }
            String digest = digest(bytes);
            if (rejected.contains(digest)) {
                continue;
            }
            try {
                Envelope reseal = Envelope.verify(bytes);
                String refusal = trust.refusal(reseal.chain());
                if (refusal.isEmpty() && (reseal.epoch() != epoch
                        || !reseal.carries(envelope.keyName()))) {
                    refusal = "names another epoch or key than the epoch's envelope";
                }
                if (!refusal.isEmpty()) {
                    rejectEnvelope(digest, name + " by " + reseal.creator(), refusal);
                    continue;
                }
                hpkeOpens++;
                return Optional.of(reseal.open(pair));
            } catch (GeneralSecurityException e) {
                rejectEnvelope(digest, name, e.getMessage());
            }
        }
        return Optional.empty();
    }

    @Override
    public synchronized boolean awaiting(long epoch) {
        return awaiting.contains(epoch);
    }

    @Override
    public synchronized void share(Map<Long, TicketKey> published, Map<Long, byte[]> stored,
            Instant now) {
        validEnvelopes.keySet().removeIf(epoch -> !stored.containsKey(epoch));
        envelopeDigests.keySet().retainAll(validEnvelopes.keySet());
        for (Map.Entry<Long, Envelope> entry : validEnvelopes.entrySet()) {
            long epoch = entry.getKey();
            Envelope envelope = entry.getValue();
            TicketKey key = published.get(epoch);
            if (key == null || !envelope.carries(key.name()) || key.isDestroyed()) {
                continue;
            }
            for (MembershipCard card : trusted.values()) {
                String name = resealName(epoch, envelope.keyName(), card.idHex());
                if (card.nodeId().equals(identity.nodeId()) || envelope.isSealedTo(card.idHex())
                        || entries.containsKey(name)) {
                    continue;
                }
                hpkeSeals++;
                byte[] reseal = Envelope.seal(identity, key, List.of(card), now);
                mirror.wrote(name, store.putEntryIfAbsent(name, reseal,
                        schedule.storeTimeToLive(epoch, now)));
                reseals++;
                LOG.log(Level.DEBUG, "Re-sealed key {0} of epoch {1,number,#} to {2} (card {3})",
                        key.fingerprint(), epoch, card.nodeId(), card.idHex());
            }
        }
    }

    /**
     * Named after the key too: after a {@code rotateNow} an epoch has a new key, and a re-seal of
     * the key it replaced must not take the new one's place.
     */
    private static String resealName(long epoch, byte[] keyName, String cardId) {
        return RESEAL_PREFIX + epoch + "/" + keyId(keyName) + "/" + cardId;
    }

    private static String keyId(byte[] keyName) {
        return HexFormat.of().formatHex(Sha256.of(keyName), 0, 4);
    }

    @Override
    public synchronized void revoked() {
        wanted.clear();
        validEnvelopes.clear();
        envelopeDigests.clear();
        awaiting.clear();
        for (String name : entries.keySet()) {
            if (name.startsWith(RESEAL_PREFIX) || name.startsWith(WANT_PREFIX)) {
                try {
                    store.removeEntry(name);
                } catch (RuntimeException e) {
                    // Best effort: the re-seal expires with its epoch, and nobody adopts it again.
                    LOG.log(Level.DEBUG, "Could not remove revoked re-seal {0}: {1}", name,
                            e.getMessage());
                }
            }
        }
    }

    private List<EphemeralKeyPair> pairs() {
        List<EphemeralKeyPair> pairs = new ArrayList<>(2);
        if (current != null) {
            pairs.add(current);
        }
        if (previous != null && !previous.isErased()) {
            pairs.add(previous);
        }
        return pairs;
    }

    private void rejectCard(String digest, String what, String reason) {
        if (remember(digest)) {
            rejectedCards++;
            LOG.log(Level.WARNING, "Ignored ring card {0}: {1}. Keys are not sealed to it;"
                    + " check sealing.trust if that node is yours", what, reason);
        }
    }

    private void rejectEnvelope(String digest, String what, String reason) {
        if (remember(digest)) {
            rejectedEnvelopes++;
            LOG.log(Level.WARNING, "Ignored ring envelope ({0}): {1}. This node keeps serving"
                    + " with the keys it has", what, reason);
        }
    }

    private boolean remember(String digest) {
        if (rejected.size() >= MAX_REMEMBERED) {
            rejected.clear(); // entries expire; forgetting only means logging one again
        }
        return rejected.add(digest);
    }

    private static String digest(byte[] bytes) {
        return HexFormat.of().formatHex(Sha256.of(bytes));
    }

    @Override
    public synchronized SealingStatus status() {
        return new SealingStatus(true, trusted.size(), rejectedCards, rejectedEnvelopes, reseals);
    }

    /** HPKE seals this codec has made (envelopes count one per recipient, re-seals one). */
    public synchronized long hpkeSeals() {
        return hpkeSeals;
    }

    /** HPKE seals this codec has opened (or tried to). */
    public synchronized long hpkeOpens() {
        return hpkeOpens;
    }

    /** The ephemeral key pair cards are sealed to now (tests of erasure). */
    public synchronized EphemeralKeyPair currentKeyPair() {
        return current;
    }

    /** Erases both ephemeral private keys. */
    @Override
    public synchronized void close() {
        for (EphemeralKeyPair pair : pairs()) {
            pair.erase();
            LOG.log(Level.DEBUG, "Erased ephemeral sealing key {0}", pair.idHex());
        }
    }
}
