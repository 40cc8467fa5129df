package io.tlsresume.core.sealing;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.tlsresume.core.KeySource;
import io.tlsresume.core.ring.KeyRotator;
import io.tlsresume.core.ring.LocalRingStore;
import io.tlsresume.testkit.ManualScheduler;
import io.tlsresume.testkit.MutableClock;
import io.tlsresume.core.ring.RotationSchedule;
import io.tlsresume.core.ring.TicketKey;
import io.tlsresume.testkit.TestCertificates;
import java.security.SecureRandom;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * Two sealed rotators ("nodes") over one in-memory store, on one clock and scheduler the test
 * moves: ticks come from the schedule alone, and a late joiner's start-up wait runs on the
 * scheduler, in the clock's time.
 */
class ScheduledRotationTest {
    private static final Duration ROTATION = Duration.ofMinutes(1);
    private final RotationSchedule schedule = new RotationSchedule(ROTATION,
            Duration.ofMinutes(10));
    private final MutableClock clock = new MutableClock(Instant.parse("2026-11-23T10:00:10Z"));
    private final ManualScheduler scheduler = new ManualScheduler(clock);
    private final SecureRandom random = new SecureRandom();
    private final KeySource tls = TestCertificates.get().keySource();
    private final LocalRingStore store = new LocalRingStore();
    private final List<KeyRotator> rotators = new CopyOnWriteArrayList<>();

    @AfterEach
    void stop() {
        rotators.forEach(KeyRotator::close);
        scheduler.shutdown();
        store.close();
    }

    private KeyRotator rotator(String nodeId, List<List<TicketKey>> installs) {
        SealedRingCodec codec = new SealedRingCodec(new NodeIdentity(nodeId, tls.loadPrivateKey(),
                tls.certificateChain()), CardTrust.sameKey(tls.certificateChain().get(0)
                .getPublicKey()), store, schedule, random);
        KeyRotator rotator = new KeyRotator(schedule, store, codec, clock, scheduler, random, 1);
        rotator.register(keys -> installs.add(List.copyOf(keys)));
        rotators.add(rotator);
        return rotator;
    }

    private static TicketKey encrypting(List<List<TicketKey>> installs) {
        return installs.get(installs.size() - 1).get(0);
    }

    @Test
    void aStartedRotatorTicksEveryTenthOfItsRotationAndRotatesOnItsOwn() {
        List<List<TicketKey>> installs = new CopyOnWriteArrayList<>();
        KeyRotator a = rotator("a", installs);
        a.start();
        long current = schedule.epochAt(clock.instant());
        assertEquals(current, encrypting(installs).epoch());
        assertEquals(1, scheduler.pending(), "one periodic tick queued, nothing else");

        // 6 s ticks: the first one past the epoch's end switches keys, nobody calls tick().
        scheduler.advance(Duration.between(clock.instant(), schedule.start(current + 1))
                .plus(schedule.tickPeriod()).minusMillis(1));
        assertEquals(current + 1, encrypting(installs).epoch());
        assertEquals(Duration.ofSeconds(6), schedule.tickPeriod());
    }

    @Test
    void aLateJoinerWaitsOnTheSchedulerForTheKeysResealedToIt() {
        List<List<TicketKey>> installsA = new CopyOnWriteArrayList<>();
        List<List<TicketKey>> installsB = new CopyOnWriteArrayList<>();
        KeyRotator a = rotator("a", installsA);
        a.start();
        KeyRotator b = rotator("b", installsB);
        CompletableFuture<Void> started = b.startAsync();
        assertFalse(started.isDone(), "b waits: the live keys are sealed to a only");
        assertTrue(installsB.isEmpty(), "no local key while waiting");

        scheduler.advance(Duration.ofMillis(500));
        a.tick(); // as a Hazelcast listener would on b's card: a re-seals the live keys to b
        scheduler.advance(Duration.ofMillis(100));
        assertTrue(started.isDone(), "b stops waiting at its next step");
        assertTrue(encrypting(installsB).sameKeyAs(encrypting(installsA)));
        assertFalse(b.status().degraded(), b.status().degradedReason());
    }

    @Test
    void aLateJoinerNobodyResealsForServesALocalKeyAfterThreeSecondsOfItsClock() {
        List<List<TicketKey>> installsA = new CopyOnWriteArrayList<>();
        List<List<TicketKey>> installsB = new CopyOnWriteArrayList<>();
        rotator("a", installsA).start();
        KeyRotator b = rotator("b", installsB);
        CompletableFuture<Void> started = b.startAsync();

        scheduler.advance(Duration.ofMillis(2900)); // a's next tick is 6 s away
        assertFalse(started.isDone());
        assertTrue(installsB.isEmpty());
        scheduler.advance(Duration.ofMillis(200));
        assertTrue(started.isDone(), "30 steps of 100 ms and no re-seal: b stops waiting");
        assertFalse(encrypting(installsB).sameKeyAs(encrypting(installsA)));
        assertTrue(b.status().degraded(), "a local key nobody else has is degraded");
    }
}
