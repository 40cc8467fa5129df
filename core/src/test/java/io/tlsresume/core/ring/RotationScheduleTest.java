package io.tlsresume.core.ring;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.time.Instant;
import org.junit.jupiter.api.Test;

class RotationScheduleTest {
    private final RotationSchedule hourly = new RotationSchedule(Duration.ofHours(1),
            Duration.ofHours(12));

    @Test
    void epochIsWallClockDividedByRotation() {
        assertEquals(0, hourly.epochAt(Instant.ofEpochSecond(3599)));
        assertEquals(1, hourly.epochAt(Instant.ofEpochSecond(3600)));
        assertEquals(Instant.ofEpochSecond(7200), hourly.start(2));
    }

    @Test
    void keyDecryptsForOneTicketLifetimeAfterItStopsEncrypting() {
        // Epoch 10 encrypts during [10h, 11h); its last ticket is valid until 11h + 12h, and the
        // grace covers a node that switches late: its tick (10 s), or its clock behind by up to
        // half the rotation (30 min).
        assertEquals(Duration.ofMinutes(30).plusSeconds(10), hourly.grace());
        long retired = 23 * 3600 + 30 * 60 + 10;
        assertEquals(Instant.ofEpochSecond(retired), hourly.retirement(10));
        assertFalse(hourly.isRetired(10, Instant.ofEpochSecond(retired - 1)));
        assertTrue(hourly.isRetired(10, Instant.ofEpochSecond(retired)));
    }

    @Test
    void graceIsOneRotationForShortRotations() {
        RotationSchedule fast = new RotationSchedule(Duration.ofSeconds(2), Duration.ofSeconds(10));
        assertEquals(Duration.ofSeconds(2), fast.grace());
        assertEquals(Instant.ofEpochSecond(2 + 10 + 2), fast.retirement(0));
    }

    @Test
    void graceCoversANodeWhoseClockIsBehindByLessThanHalfTheRotation() {
        for (Duration rotation : new Duration[] {Duration.ofSeconds(1), Duration.ofSeconds(12),
                Duration.ofSeconds(100), Duration.ofMinutes(2), Duration.ofMinutes(10),
                Duration.ofHours(1), Duration.ofDays(1)}) {
            RotationSchedule schedule = new RotationSchedule(rotation, Duration.ofDays(1));
            assertEquals(rotation.dividedBy(2), schedule.clockSkewTolerance());
            // A node behind by just under the tolerance issues under an epoch that long after
            // it ended, plus the tick that notices the new epoch: its tickets must still resume.
            Duration lateIssue = schedule.clockSkewTolerance().plus(schedule.tickPeriod());
            assertTrue(schedule.grace().compareTo(lateIssue) >= 0,
                    rotation + ": grace " + schedule.grace() + " < " + lateIssue);
        }
    }

    @Test
    void graceIsAMinuteForRotationsBetweenAMinuteAndAHundredSeconds() {
        assertEquals(Duration.ofMinutes(1),
                new RotationSchedule(Duration.ofSeconds(90), Duration.ofHours(1)).grace());
        assertEquals(Duration.ofSeconds(60),
                new RotationSchedule(Duration.ofSeconds(100), Duration.ofHours(1)).grace());
        assertEquals(Duration.ofSeconds(70),
                new RotationSchedule(Duration.ofSeconds(120), Duration.ofHours(1)).grace());
    }

    @Test
    void oldestLiveEpochIsTheFirstNotRetired() {
        for (long second = 40 * 3600; second < 44 * 3600; second += 1234) {
            Instant now = Instant.ofEpochSecond(second);
            long oldest = hourly.oldestLiveEpoch(now);
            assertFalse(hourly.isRetired(oldest, now), "oldest must be live at " + now);
            assertTrue(hourly.isRetired(oldest - 1, now), "one older must be retired at " + now);
        }
    }

    @Test
    void storeKeepsAKeyUntilItRetires() {
        Instant now = Instant.ofEpochSecond(10 * 3600);
        // Next epoch's key, published now, lives through its own hour plus the lifetime.
        assertEquals(Duration.ofHours(14).plus(hourly.grace()), hourly.storeTimeToLive(11, now));
        assertEquals(Duration.ofSeconds(1), hourly.storeTimeToLive(-5, now));
    }

    @Test
    void rejectsNonPositiveDurations() {
        assertThrows(IllegalArgumentException.class,
                () -> new RotationSchedule(Duration.ZERO, Duration.ofHours(1)));
        assertThrows(IllegalArgumentException.class,
                () -> new RotationSchedule(Duration.ofHours(1), Duration.ofSeconds(-1)));
    }
}
