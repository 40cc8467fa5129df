package io.tlsresume.core.ring;

import java.lang.System.Logger;
import java.lang.System.Logger.Level;
import java.security.SecureRandom;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * Keeps this node's {@link KeyRing} in step with the cluster and installs it into every engine.
 *
 * <p>On each tick (periodic, on an entry written by another node, and at start) it reads the live
 * epochs from the {@link RingStore}, adopts what the cluster agreed on, and makes sure keys exist
 * for the current and the next epoch: a node that finds none creates one and offers it with
 * {@code putIfAbsent}; exactly one offer wins and everybody adopts the winner. Keys whose last
 * ticket has expired are dropped and erased.
 *
 * <p>If the store fails or does not answer in time the node is <em>degraded</em>: it keeps the
 * keys it has, creates a local key if it has none for the current epoch, logs one WARN, and
 * converges on the next successful tick (a local key the cluster replaced keeps decrypting until
 * it retires, so its tickets still resume here). All of this runs on the rotator's own thread:
 * the TLS handshake path only sees keys already installed in its context.
 *
 * <p>Time comes from the injected {@link Clock} and every timed step (ticks, the start-up wait)
 * runs on the injected {@link Scheduler}, so tests drive rotation by moving a clock.
 */
public final class KeyRotator implements AutoCloseable {
    private static final Logger LOG = System.getLogger("io.tlsresume.ring");

    private final RotationSchedule schedule;
    private final RingStore store;
    /**
     * The ring map as last read, refreshed by what changed (sealed envelopes only: with sealing
     * off the store holds plain keys, which are read each tick and erased at once).
     */
    private final RingMirror mirror;
    private final RingCodec codec;
    private final Clock clock;
    private final SecureRandom random;
    private final int expectedMembers;
    private final KeyRing ring;
    private final List<TicketKeyInstaller> installers = new CopyOnWriteArrayList<>();
    private final java.util.Set<TicketKeyInstaller> failedInstallers = new java.util.HashSet<>();
    private final Scheduler scheduler;
    private final boolean ownsScheduler;
    private final AtomicBoolean tickQueued = new AtomicBoolean();
    private volatile Scheduler.Cancellable nextTick = () -> { };

    private List<TicketKey> installed = List.of();
    private Instant lastRotation;
    private String degradedReason = "";
    private Level degradedLogLevel = Level.INFO;
    private Duration joinGrace = Duration.ZERO;
    private Instant startedAt;
    private int memberCount = 1;
    /** Members seen at the last tick, to notice one leaving. */
    private int visibleMembers;
    /** Until then degradation is reported at INFO: the cluster is settling after a departure. */
    private Instant settlingUntil = Instant.MIN;
    private long rejectedEntries;
    private volatile RingStatus status;
    private volatile boolean closed;
    /** The cluster's key-operation generation and revocation floor, as last read. */
    private RingControl control = RingControl.NONE;
    /** The highest revocation floor applied here: this node holds no key from before it. */
    private long appliedFloor;
    private boolean starting;
    private final ClockOffsetWatch clockOffset = new ClockOffsetWatch();

    /**
     * @param schedule rotation interval and ticket lifetime
     * @param store where the cluster agrees on keys
     * @param clock wall clock (injected so tests can drive rotation)
     * @param random source of key bytes
     * @param expectedMembers members the configuration lists (this node included); fewer visible
     *     members make the node degraded. 1 for a node that shares with nobody.
     */
    public KeyRotator(RotationSchedule schedule, RingStore store, Clock clock, SecureRandom random,
            int expectedMembers) {
        this(schedule, store, RingCodec.plain(), clock, random, expectedMembers);
    }

    /**
     * A rotator that ticks on its own daemon thread ({@link Scheduler#daemonThread(String)}),
     * stopped by {@link #close()}.
     *
     * @param schedule rotation interval and ticket lifetime
     * @param store where the cluster agrees on keys
     * @param codec what the store holds for a key (sealed envelopes, or the key itself)
     * @param clock wall clock (injected so tests can drive rotation)
     * @param random source of key bytes
     * @param expectedMembers members the configuration lists (this node included)
     */
    public KeyRotator(RotationSchedule schedule, RingStore store, RingCodec codec, Clock clock,
            SecureRandom random, int expectedMembers) {
        this(schedule, store, codec, clock, Scheduler.daemonThread("tlsresume-rotator"), true,
                random, expectedMembers);
    }

    /**
     * A rotator that ticks on {@code scheduler}, which it does not shut down: whoever made it
     * does (several nodes may share one).
     *
     * @param schedule rotation interval and ticket lifetime
     * @param store where the cluster agrees on keys
     * @param codec what the store holds for a key (sealed envelopes, or the key itself)
     * @param clock wall clock
     * @param scheduler runs the ticks and the start-up wait; delays are in {@code clock}'s time
     * @param random source of key bytes
     * @param expectedMembers members the configuration lists (this node included)
     */
    public KeyRotator(RotationSchedule schedule, RingStore store, RingCodec codec, Clock clock,
            Scheduler scheduler, SecureRandom random, int expectedMembers) {
        this(schedule, store, codec, clock, scheduler, false, random, expectedMembers);
    }

    private KeyRotator(RotationSchedule schedule, RingStore store, RingCodec codec, Clock clock,
            Scheduler scheduler, boolean ownsScheduler, SecureRandom random,
            int expectedMembers) {
        this.scheduler = Objects.requireNonNull(scheduler, "scheduler");
        this.ownsScheduler = ownsScheduler;
        this.schedule = Objects.requireNonNull(schedule, "schedule");
        this.store = Objects.requireNonNull(store, "store");
        this.codec = Objects.requireNonNull(codec, "codec");
        this.clock = Objects.requireNonNull(clock, "clock");
        this.random = Objects.requireNonNull(random, "random");
        this.expectedMembers = expectedMembers;
        this.ring = new KeyRing(schedule);
        this.status = new RingStatus(0, "none", null, false, "", 1, 0);
        this.mirror = codec.status().sealing() ? new RingMirror(store) : null;
    }

    /**
     * Runs the first tick now (bounded by the store's timeout), so the node starts with the
     * cluster's keys, then ticks every {@link RotationSchedule#tickPeriod()} and whenever another
     * node writes a key. Returns once the start-up wait (see {@link #startAsync()}) is over.
     *
     * @throws RuntimeException what a tick or the scheduler threw; the caller closes the rotator
     */
    public void start() {
        try {
            startAsync().join();
        } catch (java.util.concurrent.CompletionException e) {
            throw e.getCause() instanceof RuntimeException r ? r : e;
        }
    }

    /**
     * Runs the first tick now, then lets a node that joins a sealed ring wait on the scheduler,
     * up to 30 steps of 100 ms of its clock (3 s), for a holder to re-seal the live keys to its
     * card; then starts ticking.
     *
     * @return completes when the wait is over and periodic ticks are scheduled, or exceptionally
     *     with what a tick or the scheduler threw
     */
    public CompletableFuture<Void> startAsync() {
        startedAt = clock.instant();
        store.onChange(this::requestTick);
        synchronized (this) {
            starting = true;
        }
        CompletableFuture<Void> ready = new CompletableFuture<>();
        try {
            tick();
            awaitCurrentKey(ready, START_WAIT_ROUNDS);
        } catch (RuntimeException e) {
            ready.completeExceptionally(e);
        }
        return ready;
    }

    /**
     * A node joining a sealed ring waits briefly for a holder to re-seal the live keys to its
     * card rather than serve its first tickets under a key nobody else has.
     */
    private void awaitCurrentKey(CompletableFuture<Void> ready, int roundsLeft) {
        if (roundsLeft > 0 && !closed && awaitingCurrentKey()) {
            nextTick = scheduler.schedule(() -> {
                try {
                    tick();
                    awaitCurrentKey(ready, roundsLeft - 1);
                } catch (RuntimeException e) {
                    ready.completeExceptionally(e);
                }
            }, START_WAIT_STEP);
            return;
        }
        synchronized (this) {
            starting = false;
        }
        tick();
        scheduleNextTick();
        ready.complete(null);
    }

    private void scheduleNextTick() {
        if (!closed) {
            nextTick = scheduler.schedule(() -> {
                tickSafely();
                try {
                    scheduleNextTick();
                } catch (RejectedExecutionException e) {
                    if (!closed) {
                        LOG.log(Level.ERROR, "The rotator's scheduler refused the next tick;"
                                + " ticket keys of this node stop rotating", e);
                    }
                }
            }, schedule.tickPeriod());
        }
    }

    /**
     * Adds an engine context: it gets the current keys now and every change from now on.
     */
    public synchronized void register(TicketKeyInstaller installer) {
        installers.add(installer);
        if (!installed.isEmpty() && !installInto(installer, installed)) {
            failedInstallers.add(installer);
        }
    }

    /** Stops installing into {@code installer}. */
    public synchronized void unregister(TicketKeyInstaller installer) {
        installers.remove(installer);
        failedInstallers.remove(installer);
    }

    /**
     * How long a member that lists peers may see none before that is logged as a WARN: at a
     * cluster's cold start the first node is alone for a moment, which is worth an INFO only.
     * It is reported as degraded all the same.
     */
    public synchronized void setJoinGrace(Duration grace) {
        this.joinGrace = grace;
    }

    /** The current state, for metrics. */
    public RingStatus status() {
        return status;
    }

    private static final int START_WAIT_ROUNDS = 30;
    private static final Duration START_WAIT_STEP = Duration.ofMillis(100);

    private synchronized boolean awaitingCurrentKey() {
        long current = schedule.epochAt(clock.instant());
        return ring.adoptedFor(current).isEmpty() && codec.awaiting(current);
    }

    /** What sealing sees, for metrics. */
    public SealingStatus sealingStatus() {
        return codec.status();
    }

    /** One round of sync, rotate, expire and install. Public for tests that drive the clock. */
    public synchronized void tick() {
        if (closed) {
            return;
        }
        Instant now = clock.instant();
        long current = schedule.epochAt(now);
        String reason;
        Level level = Level.WARNING;
        noticeDeparture(now);
        try {
            codec.refresh(now);
            followControl(current);
            syncWithStore(now, current);
            // A member may have left during the store calls above: count that as a departure
            // (settling, INFO) rather than judge the new count without it.
            noticeDeparture(now);
            memberCount = store.memberCount();
            clockOffset.check(store.clockOffsetMillis(), store.describe());
            boolean inGrace = startedAt != null && now.isBefore(startedAt.plus(joinGrace));
            reason = expectedMembers > 1 && memberCount < 2
                    ? "no other member reachable (" + memberCount + " of " + expectedMembers
                            + " configured members visible); keys are not shared until one joins"
                    : "";
            level = inGrace ? Level.INFO : Level.WARNING;
        } catch (RingStoreException e) {
            reason = "cluster store " + store.describe() + " failed: " + e.getMessage();
        }
        if (ring.adoptedFor(current).isEmpty() && !(starting && codec.awaiting(current))) {
            // Store down, or its entry for this epoch unreadable: never serve without a key.
            TicketKey local = TicketKey.generate(current, random);
            ring.adopt(local, false);
            LOG.log(Level.WARNING, "Created local ticket key {0} for epoch {1,number,#}: the"
                    + " cluster has no usable key for it, so other nodes cannot resume its"
                    + " tickets yet", local.fingerprint(), current);
        }
        boolean encryptingLocally = ring.adoptedFor(current).map(e -> !e.published())
                .orElse(false);
        if (reason.isEmpty() && encryptingLocally) {
            // The store answers but holds no key of ours or its own we can read for this epoch.
            reason = "the cluster store has no readable key for epoch " + current
                    + "; tickets issued now resume on this node only";
            level = Level.WARNING;
        }
        if (!reason.isEmpty() && now.isBefore(settlingUntil)) {
            // A peer just left: what follows (fewer members, a store migrating its partitions) is
            // expected for a moment. Only what is still wrong a tick later is worth a warning.
            level = Level.INFO;
        }
        setDegraded(reason, level);
        for (String fingerprint : ring.expire(now)) {
            LOG.log(Level.DEBUG, "Retired ticket key {0}: its last tickets expired", fingerprint);
        }
        installIfChanged(current, now);
    }

    private void syncWithStore(Instant now, long current) {
        long from = schedule.oldestLiveEpoch(now);
        Map<Long, byte[]> stored = mirror == null ? store.read(from, current + 1)
                : mirror.read(from, current + 1);
        try {
            dropRevoked(stored);
            syncWith(stored, now, current);
        } finally {
            // Plain or sealed, these bytes are key material: do not leave them to the GC.
            stored.values().forEach(bytes -> Arrays.fill(bytes, (byte) 0));
        }
    }

    private void syncWith(Map<Long, byte[]> stored, Instant now, long current) {
        for (Map.Entry<Long, byte[]> entry : stored.entrySet()) {
            adoptStored(entry.getKey(), entry.getValue());
        }
        for (long epoch = current; epoch <= current + 1; epoch++) {
            if (stored.containsKey(epoch)) {
                continue;
            }
            final long target = epoch;
            TicketKey offer = ring.adoptedFor(target).map(KeyRing.Entry::key)
                    .orElseGet(() -> TicketKey.generate(target, random));
            boolean ours = ring.adoptedFor(target).map(e -> e.key() == offer).orElse(false);
            byte[] bytes = encodeTagged(offer, now);
            byte[] winner = null;
            boolean adopted = ours;
            try {
                winner = store.putIfAbsent(epoch, bytes, schedule.storeTimeToLive(epoch, now));
                wrote(epoch, winner);
                if (winner == bytes || Arrays.equals(winner, bytes)) {
                    ring.adopt(offer, true);
                    adopted = true;
                    LOG.log(Level.INFO, "Published ticket key {0} for epoch {1,number,#}",
                            offer.fingerprint(), epoch);
                } else {
                    adoptStored(epoch, winner);
                }
            } finally {
                if (!adopted) {
                    offer.destroy(); // lost the race, or the store failed: never used
                }
                if (winner != null && winner != bytes) {
                    Arrays.fill(winner, (byte) 0);
                }
                Arrays.fill(bytes, (byte) 0);
            }
        }
        Map<Long, TicketKey> published = new java.util.HashMap<>();
        for (long epoch : stored.keySet()) {
            ring.adoptedFor(epoch).filter(KeyRing.Entry::published)
                    .ifPresent(entry -> published.put(epoch, entry.key()));
        }
        codec.share(published, stored, now);
    }

    private void adoptStored(long epoch, byte[] bytes) {
        if (isRevoked(bytes)) {
            return; // written before a revokeAll: never adopted again
        }
        TicketKey key;
        byte[] payload = RingEntry.payloadOf(bytes);
        try {
            var held = ring.adoptedFor(epoch).map(KeyRing.Entry::key);
            var decoded = codec.decode(epoch, payload, held);
            if (decoded.isEmpty()) {
                return; // the codec counted and logged why, or a re-seal is on its way
            }
            key = decoded.get();
        } catch (IllegalArgumentException e) {
            rejectedEntries++;
            LOG.log(Level.WARNING, "Ignored unreadable ring entry for epoch {0,number,#} in {1}: {2}",
                    epoch, store.describe(), e.getMessage());
            return;
        } finally {
            Arrays.fill(payload, (byte) 0);
        }
        if (key.epoch() != epoch) {
            rejectedEntries++;
            LOG.log(Level.WARNING, "Ignored ring entry stored under epoch {0,number,#} that claims epoch {1,number,#}",
                    epoch, key.epoch());
            key.destroy();
            return;
        }
        Optional<TicketKey> replaced = ring.adoptedFor(epoch).map(KeyRing.Entry::key)
                .filter(held -> !held.sameKeyAs(key));
        if (ring.adopt(key, true)) {
            replaced.ifPresentOrElse(loser -> logReplaced(epoch, key, loser),
                    () -> LOG.log(Level.DEBUG, "Adopted ticket key {0} for epoch {1,number,#}"
                            + " from the cluster", key.fingerprint(), epoch));
        }
    }

    /**
     * The store holds another key for an epoch this node already had one for: after a network
     * partition healed (each side made its own key and the merge kept the larger side's), or when
     * a local key made while the store failed is superseded, or an operator ran rotateNow. The
     * store's key encrypts from now on; this node's keeps decrypting the tickets it issued until
     * it retires.
     */
    private static void logReplaced(long epoch, TicketKey winner, TicketKey loser) {
        LOG.log(Level.INFO, "The cluster holds ticket key {0} for epoch {1,number,#}, not this"
                + " node''s {2} (a healed partition, a recovered store or a rotateNow): using the"
                + " cluster''s; {2} only decrypts until it retires", winner.fingerprint(), epoch,
                loser.fingerprint());
    }

    /**
     * This node's keys as operators see them: epoch, fingerprint, state, expiry; the encrypting
     * key first. Never key bytes.
     */
    public synchronized List<RingKey> ringKeys() {
        return ring.describe(schedule.epochAt(clock.instant()));
    }

    /**
     * Replaces the key of the current epoch cluster-wide: a new key encrypts here at once and on
     * every other node at its next tick (the store's change event triggers one); the key it
     * replaces keeps decrypting until its tickets expire. Logged with {@code caller}.
     *
     * @param caller who asked, for the log ("JMX principal 'admin'")
     * @return the key that encrypts now (a concurrent operation's, if it won)
     * @throws IllegalStateException if the cluster store failed; nothing was rotated then
     */
    public synchronized RingKey rotateNow(String caller) {
        requireOpen("rotateNow");
        tick(); // start from the cluster's current keys and generation
        String before = status.currentFingerprint();
        Instant now = clock.instant();
        long current = schedule.epochAt(now);
        try {
            RingControl raised = raiseGeneration(false);
            TicketKey key = TicketKey.generate(current, random);
            byte[] bytes = encodeTagged(key, now);
            boolean won = false;
            try {
                won = publishReplacing(current, bytes, raised.generation(), now);
                if (won) {
                    ring.adopt(key, true);
                }
            } finally {
                if (!won) {
                    key.destroy(); // a newer operation's key is in the store: adopt that one
                }
                Arrays.fill(bytes, (byte) 0);
            }
            tick();
            RingKey encrypting = ringKeys().get(0);
            LOG.log(Level.INFO, "Key operation rotateNow by {0}: key {1} (epoch {2,number,#},"
                    + " generation {3,number,#}) encrypts now{4}; the key before, {5}, decrypts"
                    + " until its tickets expire. Other nodes follow at their next tick", caller,
                    encrypting.fingerprint(), encrypting.epoch(), raised.generation(),
                    won ? "" : " (written by a concurrent operation)", before);
            return encrypting;
        } catch (RingStoreException e) {
            LOG.log(Level.WARNING, "Key operation rotateNow by {0} failed: {1}. Nothing was"
                    + " rotated; retry when the cluster store answers", caller, e.getMessage());
            throw new IllegalStateException("rotateNow failed: " + e.getMessage(), e);
        }
    }

    /**
     * After a suspected leak: drops every key this node holds, makes every store entry written
     * before stale (removed, and never adopted again by any node, one that joins or restarts
     * later included), and publishes fresh keys. Every node drops its keys at its next tick;
     * tickets under the dropped keys get a full handshake. Logged with {@code caller}.
     *
     * @param caller who asked, for the log
     * @return the key that encrypts now
     * @throws IllegalStateException if the cluster store failed before the revocation was
     *     recorded; nothing was revoked then
     */
    public synchronized RingKey revokeAll(String caller) {
        requireOpen("revokeAll");
        List<String> dropped = new ArrayList<>();
        ringKeys().forEach(key -> dropped.add(key.fingerprint()));
        RingControl raised;
        try {
            raised = raiseGeneration(true);
        } catch (RingStoreException e) {
            LOG.log(Level.WARNING, "Key operation revokeAll by {0} failed: {1}. Nothing was"
                    + " revoked; retry when the cluster store answers", caller, e.getMessage());
            throw new IllegalStateException("revokeAll failed: " + e.getMessage(), e);
        }
        revokeHeld(raised);
        tick(); // removes the revoked entries and publishes fresh keys
        RingKey encrypting = ringKeys().get(0);
        LOG.log(Level.WARNING, "Key operation revokeAll by {0}: dropped the {1,number,#} ticket"
                + " keys this node held ({2}) and every stored key below generation"
                + " {3,number,#}; key {4} (epoch {5,number,#}) encrypts now{6}. Every node drops"
                + " its keys at its next tick; tickets issued before get a full handshake",
                caller, dropped.size(), String.join(", ", dropped), raised.floor(),
                encrypting.fingerprint(), encrypting.epoch(),
                status.degraded() ? " (degraded: " + status.degradedReason() + ")" : "");
        return encrypting;
    }

    private void requireOpen(String operation) {
        if (closed) {
            throw new IllegalStateException(operation + ": the node is closed");
        }
    }

    /** Reads the cluster's control entry; a higher revocation floor drops every key held. */
    private void followControl(long current) {
        RingControl read;
        try {
            read = RingControl.parse(store.readEntry(RingControl.ENTRY));
        } catch (IllegalArgumentException e) {
            LOG.log(Level.WARNING, "Ignored unreadable key-operation entry {0} in {1}: {2}",
                    RingControl.ENTRY, store.describe(), e.getMessage());
            return;
        }
        control = read;
        if (read.floor() > appliedFloor) {
            List<String> held = new ArrayList<>();
            ring.describe(current).forEach(key -> held.add(key.fingerprint()));
            revokeHeld(read);
            if (!held.isEmpty()) {
                LOG.log(Level.WARNING, "Key revocation (generation {0,number,#}) applied: dropped"
                        + " the {1,number,#} ticket keys this node held ({2}); tickets under them"
                        + " get a full handshake", read.floor(), held.size(),
                        String.join(", ", held));
            }
        }
    }

    /** Destroys every key held and whatever the codec keeps of the revoked entries. */
    private void revokeHeld(RingControl revocation) {
        control = revocation.generation() >= control.generation() ? revocation : control;
        appliedFloor = Math.max(appliedFloor, revocation.floor());
        ring.clear();
        if (mirror != null) {
            mirror.clear();
        }
        codec.revoked();
    }

    private boolean isRevoked(byte[] entry) {
        return RingEntry.generationOf(entry) < Math.max(control.floor(), appliedFloor);
    }

    /** Takes revoked entries out of {@code stored} and out of the store (whoever sees one). */
    private void dropRevoked(Map<Long, byte[]> stored) {
        var entries = stored.entrySet().iterator();
        while (entries.hasNext()) {
            Map.Entry<Long, byte[]> entry = entries.next();
            if (isRevoked(entry.getValue())) {
                store.remove(entry.getKey(), entry.getValue());
                LOG.log(Level.DEBUG, "Removed the revoked ring entry of epoch {0,number,#}",
                        entry.getKey());
                Arrays.fill(entry.getValue(), (byte) 0);
                entries.remove();
            }
        }
    }

    /** What the store holds for {@code key}: the codec's bytes tagged with the generation. */
    private byte[] encodeTagged(TicketKey key, Instant now) {
        byte[] payload = codec.encode(key, now);
        try {
            return RingEntry.tag(control.generation(), payload);
        } finally {
            Arrays.fill(payload, (byte) 0);
        }
    }

    /**
     * Raises the cluster's generation (and with {@code revoke} the floor to it) with a
     * compare-and-set, so concurrent operations each get their own generation.
     */
    private RingControl raiseGeneration(boolean revoke) {
        for (int attempt = 0; attempt < 10; attempt++) {
            byte[] raw = store.readEntry(RingControl.ENTRY);
            RingControl seen;
            try {
                seen = RingControl.parse(raw);
            } catch (IllegalArgumentException e) {
                seen = RingControl.NONE; // replaced below
            }
            long generation = Math.max(seen.generation(), control.generation()) + 1;
            RingControl raised = new RingControl(generation,
                    revoke ? generation : Math.max(seen.floor(), appliedFloor));
            byte[] bytes = raised.toBytes();
            boolean won = raw == null
                    ? Arrays.equals(store.putEntryIfAbsent(RingControl.ENTRY, bytes, Duration.ZERO),
                            bytes)
                    : store.replaceEntry(RingControl.ENTRY, raw, bytes, Duration.ZERO);
            if (won) {
                control = raised;
                return raised;
            }
        }
        throw new RingStoreException("the key-operation entry " + RingControl.ENTRY + " in "
                + store.describe() + " kept changing under concurrent operations; try again",
                null);
    }

    /**
     * Writes {@code bytes} for {@code epoch} unless an entry of the same or a newer generation is
     * there (a concurrent operation won).
     *
     * @return whether {@code bytes} is stored now
     */
    private boolean publishReplacing(long epoch, byte[] bytes, long generation, Instant now) {
        Duration timeToLive = schedule.storeTimeToLive(epoch, now);
        for (int attempt = 0; attempt < 10; attempt++) {
            byte[] stored = store.read(epoch, epoch).get(epoch);
            try {
                if (stored == null) {
                    byte[] winner = store.putIfAbsent(epoch, bytes, timeToLive);
                    if (winner == bytes || Arrays.equals(winner, bytes)) {
                        wrote(epoch, bytes);
                        return true;
                    }
                    Arrays.fill(winner, (byte) 0);
                } else if (RingEntry.generationOf(stored) >= generation) {
                    return false;
                } else if (store.replace(epoch, stored, bytes, timeToLive)) {
                    wrote(epoch, bytes);
                    return true;
                }
            } finally {
                if (stored != null) {
                    Arrays.fill(stored, (byte) 0);
                }
            }
        }
        return false;
    }

    /** The tick right after a write must not read the value it replaced from the mirror. */
    private void wrote(long epoch, byte[] bytes) {
        if (mirror != null) {
            mirror.wrote(epoch, bytes);
        }
    }

    /**
     * Logs a member leaving (at INFO: a stopped or restarted peer is routine) and opens a settling
     * window of one tick period, in which degradation is logged at INFO rather than WARNING.
     */
    private void noticeDeparture(Instant now) {
        int visible = store.memberCount(); // 0 when the store cannot tell: not a departure
        if (visible > 0 && visible < visibleMembers) {
            Duration settle = schedule.tickPeriod();
            settlingUntil = now.plus(settle);
            LOG.log(Level.INFO, "Cluster member left ({0}): {1} of {2} configured members"
                    + " visible (was {3}); a warning follows only if the key ring is still"
                    + " degraded after {4,number,#} ms", store.describe(), visible,
                    expectedMembers, visibleMembers, settle.toMillis());
        }
        if (visible > 0) {
            visibleMembers = visible;
        }
    }

    /** Records why the node is degraded ("" when it is not) and logs each change once. */
    private void setDegraded(String reason, Level level) {
        boolean louder = level.getSeverity() > degradedLogLevel.getSeverity();
        if (reason.equals(degradedReason) && (reason.isEmpty() || !louder)) {
            return;
        }
        if (reason.isEmpty()) {
            LOG.log(Level.INFO, "Key ring shared again through {0} ({1} members)",
                    store.describe(), memberCount);
        } else {
            LOG.log(level, "Key ring degraded: {0}. Serving with this node''s keys; will retry",
                    reason);
        }
        degradedReason = reason;
        degradedLogLevel = level;
    }

    private void installIfChanged(long current, Instant now) {
        List<TicketKey> order = ring.installOrder(current);
        boolean changed = order.size() != installed.size();
        for (int i = 0; !changed && i < order.size(); i++) {
            changed = order.get(i) != installed.get(i);
        }
        if (!changed && !order.isEmpty() && !failedInstallers.isEmpty()) {
            // An engine refused the keys last time: try it again rather than leave it stale.
            for (TicketKeyInstaller installer : List.copyOf(failedInstallers)) {
                if (installers.contains(installer) && installInto(installer, order)) {
                    failedInstallers.remove(installer);
                }
            }
        }
        if (changed && !order.isEmpty()) {
            TicketKey previousEncrypting = installed.isEmpty() ? null : installed.get(0);
            failedInstallers.clear();
            for (TicketKeyInstaller installer : installers) {
                if (!installInto(installer, order)) {
                    failedInstallers.add(installer);
                }
            }
            if (previousEncrypting != order.get(0)) {
                lastRotation = now;
                LOG.log(Level.INFO, "Encrypting tickets with key {0} (epoch {1,number,#}); {2} keys in ring",
                        order.get(0).fingerprint(), order.get(0).epoch(), order.size());
            }
        }
        installed = order;
        status = new RingStatus(ring.size(), order.isEmpty() ? "none" : order.get(0).fingerprint(),
                lastRotation, !degradedReason.isEmpty(), degradedReason, memberCount,
                rejectedEntries);
    }

    private static boolean installInto(TicketKeyInstaller installer, List<TicketKey> keys) {
        try {
            installer.install(keys);
            return true;
        } catch (RuntimeException e) {
            LOG.log(Level.ERROR, "Could not install ticket keys into an engine context; will"
                    + " retry on the next tick", e);
            return false;
        }
    }

    private void requestTick() {
        if (!closed && tickQueued.compareAndSet(false, true)) {
            try {
                scheduler.schedule(() -> {
                    tickQueued.set(false);
                    tickSafely();
                }, Duration.ZERO);
            } catch (RejectedExecutionException e) {
                tickQueued.set(false); // closing: the periodic tick is gone too
            }
        }
    }

    private void tickSafely() {
        try {
            tick();
        } catch (RuntimeException e) {
            LOG.log(Level.ERROR, "Key rotation tick failed; retrying on the next tick", e);
        }
    }

    /** Stops ticking and erases every key this node holds. Does not close the store. */
    @Override
    public void close() {
        closed = true;
        nextTick.cancel();
        if (ownsScheduler) {
            scheduler.shutdown();
        }
        synchronized (this) {
            installers.clear();
            installed = List.of();
            ring.clear();
            if (mirror != null) {
                mirror.clear();
            }
            codec.close();
        }
    }
}
