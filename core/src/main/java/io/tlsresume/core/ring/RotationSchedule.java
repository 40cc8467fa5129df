package io.tlsresume.core.ring;

import java.time.Duration;
import java.time.Instant;

/**
 * Maps wall-clock time to key epochs.
 *
 * <p>Epoch {@code e} is the interval {@code [e * rotation, (e + 1) * rotation)} since the Unix
 * epoch. The key for epoch {@code e} is published during epoch {@code e - 1} (one period before it
 * encrypts, so every node can decrypt its tickets before any node issues them), encrypts during
 * epoch {@code e}, and then decrypts for one ticket lifetime more (RFC 5077 section 5.5: tickets
 * issued at the end of its epoch stay valid that long), plus a short {@link #grace()}. After that
 * no valid ticket can name it.
 */
public final class RotationSchedule {
    /** Upper bound of the part of {@link #grace()} that covers a late tick. */
    private static final long MAX_LATE_TICK_GRACE_MILLIS = 60_000;

    private final long rotationMillis;
    private final long lifetimeMillis;

    /**
     * @param rotation how long one key encrypts
     * @param ticketLifetime the ticket lifetime the server advertises
     */
    public RotationSchedule(Duration rotation, Duration ticketLifetime) {
        if (rotation.isNegative() || rotation.isZero()) {
            throw new IllegalArgumentException("rotation must be positive");
        }
        if (ticketLifetime.isNegative() || ticketLifetime.isZero()) {
            throw new IllegalArgumentException("ticket lifetime must be positive");
        }
        this.rotationMillis = rotation.toMillis();
        this.lifetimeMillis = ticketLifetime.toMillis();
    }

    /** The epoch whose key encrypts at {@code time}. */
    public long epochAt(Instant time) {
        return Math.floorDiv(time.toEpochMilli(), rotationMillis);
    }

    /** When {@code epoch} starts encrypting. */
    public Instant start(long epoch) {
        return Instant.ofEpochMilli(epoch * rotationMillis);
    }

    /**
     * When the key of {@code epoch} can no longer decrypt any valid ticket: one lifetime after its
     * epoch ends, plus {@link #grace()}.
     */
    public Instant retirement(long epoch) {
        return Instant.ofEpochMilli((epoch + 1) * rotationMillis + lifetimeMillis + graceMillis());
    }

    /**
     * Extra decrypt time for tickets issued just after the epoch ended, by a node whose rotator
     * had not ticked yet (up to a tenth of the rotation, at most 10 s) or whose clock runs behind
     * by up to {@link #clockSkewTolerance()}: one rotation, at most a minute, but never less than
     * the tolerated skew plus one {@link #tickPeriod()} (so from a rotation of 100 s on, half the
     * rotation plus a tick).
     */
    public Duration grace() {
        return Duration.ofMillis(graceMillis());
    }

    private long graceMillis() {
        long lateTick = Math.min(rotationMillis, MAX_LATE_TICK_GRACE_MILLIS);
        // A node whose clock is behind by s still encrypts under an epoch s after it ended, and a
        // node ahead by s retires keys s early: either way every other key must outlive its
        // tickets by s (plus the tick that notices the new epoch).
        return Math.max(lateTick, rotationMillis / 2 + tickPeriodMillis());
    }

    /**
     * The clock difference between any two nodes the ring is built for: below half the rotation
     * interval every node holds the key of every ticket any node issues, for the ticket's whole
     * lifetime (whether the TLS engine accepts a session its clock sees as issued in the future
     * is the engine's rule: BoringSSL does not).
     * A node ahead by s encrypts under the next epoch's key s early, and that key is published
     * one interval ahead; a node behind by s keeps encrypting under the previous key s longer,
     * which {@link #grace()} covers. Membership cards are judged with the same tolerance.
     */
    public Duration clockSkewTolerance() {
        return Duration.ofMillis(rotationMillis / 2);
    }

    /** Whether the key of {@code epoch} has no valid tickets left at {@code now}. */
    public boolean isRetired(long epoch, Instant now) {
        return !now.isBefore(retirement(epoch));
    }

    /** The oldest epoch whose key may still decrypt a valid ticket at {@code now}. */
    public long oldestLiveEpoch(Instant now) {
        // Smallest e with (e + 1) * rotation + lifetime + grace > now.
        return Math.floorDiv(now.toEpochMilli() - lifetimeMillis - graceMillis(), rotationMillis);
    }

    /** How long the store should keep the key of {@code epoch}, counted from {@code now}. */
    public Duration storeTimeToLive(long epoch, Instant now) {
        Duration left = Duration.between(now, retirement(epoch));
        return left.compareTo(Duration.ofSeconds(1)) < 0 ? Duration.ofSeconds(1) : left;
    }

    /**
     * How often a rotator ticks: a tenth of the rotation (so each rotation is seen promptly and
     * within {@link #grace()}), at least 100 ms, at most 10 s.
     */
    public Duration tickPeriod() {
        return Duration.ofMillis(tickPeriodMillis());
    }

    private long tickPeriodMillis() {
        return Math.max(100, Math.min(rotationMillis / 10, 10_000));
    }

    /** How long one key encrypts. */
    public Duration rotation() {
        return Duration.ofMillis(rotationMillis);
    }

    /** The advertised ticket lifetime. */
    public Duration ticketLifetime() {
        return Duration.ofMillis(lifetimeMillis);
    }
}
