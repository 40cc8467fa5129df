package io.tlsresume.core.ring;

import java.time.Duration;
import java.util.Objects;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

/**
 * Runs a node's timed work: the rotator's ticks and its start-up wait. Injected (as Caffeine
 * injects its {@code Scheduler}) so tests run rotation by moving a clock instead of sleeping;
 * production uses {@link #daemonThread(String)}.
 *
 * <p>Delays are meant in the node's clock: a scheduler driven by a test clock runs a task once
 * that clock has moved {@code delay} on. Tasks must be run one at a time, never concurrently.
 */
public interface Scheduler {

    /**
     * Runs {@code task} once, {@code delay} from now (at once for zero).
     *
     * @return a handle that cancels the task if it has not started
     */
    Cancellable schedule(Runnable task, Duration delay);

    /** Stops running tasks; pending ones are dropped. Called once, by whoever owns it. */
    void shutdown();

    /** A scheduled task that has not run yet. */
    @FunctionalInterface
    interface Cancellable {
        /** Drops the task if it has not started. */
        void cancel();
    }

    /**
     * One daemon thread named {@code threadName} (a node's default: it never keeps a JVM alive
     * and runs ticks one at a time).
     */
    static Scheduler daemonThread(String threadName) {
        return of(Executors.newSingleThreadScheduledExecutor(runnable -> {
            Thread thread = new Thread(runnable, threadName);
            thread.setDaemon(true);
            return thread;
        }));
    }

    /**
     * Runs tasks on {@code executor} in wall-clock time; {@link #shutdown()} shuts it down. It
     * must run one task at a time (a single thread), as ticks are not meant to overlap.
     */
    static Scheduler of(ScheduledExecutorService executor) {
        Objects.requireNonNull(executor, "executor");
        return new Scheduler() {
            @Override
            public Cancellable schedule(Runnable task, Duration delay) {
                var future = executor.schedule(task, Math.max(0, delay.toNanos()),
                        TimeUnit.NANOSECONDS);
                return () -> future.cancel(false);
            }

            @Override
            public void shutdown() {
                executor.shutdownNow();
            }
        };
    }
}
