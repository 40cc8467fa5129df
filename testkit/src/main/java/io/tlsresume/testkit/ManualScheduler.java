package io.tlsresume.testkit;

import io.tlsresume.core.ring.Scheduler;
import java.time.Duration;
import java.time.Instant;
import java.util.PriorityQueue;
import java.util.concurrent.Callable;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.locks.ReentrantLock;

/**
 * A {@link Scheduler} whose tasks run when the test moves its {@link MutableClock}: each task runs
 * on the test's thread once the clock reaches its due time, one at a time, in due order. Tasks
 * other threads schedule (a Hazelcast listener asking for a tick) wait for the next
 * {@link #runDue()} or {@link #advance(Duration)}.
 */
public final class ManualScheduler implements Scheduler {
    private final MutableClock clock;
    private final PriorityQueue<Task> queue = new PriorityQueue<>();
    private final ReentrantLock running = new ReentrantLock();
    private long sequence;
    private boolean shutdown;
    private long lastStepNanos = System.nanoTime();

    public ManualScheduler(MutableClock clock) {
        this.clock = clock;
    }

    public MutableClock clock() {
        return clock;
    }

    @Override
    public synchronized Cancellable schedule(Runnable task, Duration delay) {
        if (shutdown) {
            throw new RejectedExecutionException("scheduler shut down");
        }
        Task t = new Task(clock.instant().plus(delay), sequence++, task);
        queue.add(t);
        return () -> {
            synchronized (this) {
                queue.remove(t);
            }
        };
    }

    @Override
    public synchronized void shutdown() {
        shutdown = true;
        queue.clear();
    }

    /** Tasks waiting, due or not. */
    public synchronized int pending() {
        return queue.size();
    }

    /** Runs every task due now, including due tasks those schedule. */
    public void runDue() {
        running.lock();
        try {
            for (Task task = takeDue(clock.instant()); task != null;
                    task = takeDue(clock.instant())) {
                task.runnable.run();
            }
        } finally {
            running.unlock();
        }
    }

    /**
     * Moves the clock {@code by} forward, stopping at each task's due time to run it, so a
     * rotator ticking every 200 ms ticks at every 200 ms of the way.
     */
    public void advance(Duration by) {
        Instant end = clock.instant().plus(by);
        running.lock();
        try {
            runDue();
            for (Task task = takeDue(end); task != null; task = takeDue(end)) {
                clock.advanceTo(task.due);
                task.runnable.run();
                runDue();
            }
            clock.advanceTo(end);
            runDue();
        } finally {
            running.unlock();
        }
    }

    /** Starts counting real time for {@link #advanceNoSlowerThanRealTime(Duration)} now. */
    public void markRealTime() {
        lastStepNanos = System.nanoTime();
    }

    /**
     * Moves the clock {@code atLeast} forward, or by the real time since the last such step (or
     * {@link #markRealTime()}) if that is longer: the nodes' clock never falls behind real time, so what keeps real time
     * next to it (Hazelcast entry TTLs, BoringSSL's TLS 1.2 session timeout) stays in step.
     */
    public void advanceNoSlowerThanRealTime(Duration atLeast) {
        long now = System.nanoTime();
        Duration real = Duration.ofNanos(now - lastStepNanos);
        lastStepNanos = now;
        advance(real.compareTo(atLeast) > 0 ? real : atLeast);
    }

    /**
     * Runs {@code action} on another thread while this one moves the clock {@code step} at a time,
     * no faster than real time, until the action ends: for a node's start, which returns only once
     * this scheduler has run its start-up wait. At real pace, because what the wait is for (a
     * re-seal from another node) travels through a real cluster.
     */
    public <T> T whileAdvancing(Duration step, Callable<T> action) throws Exception {
        CompletableFuture<T> result = CompletableFuture.supplyAsync(() -> {
            try {
                return action.call();
            } catch (Exception e) {
                throw new java.util.concurrent.CompletionException(e);
            }
        });
        while (!result.isDone()) {
            runDue();
            try {
                result.get(step.toMillis(), java.util.concurrent.TimeUnit.MILLISECONDS);
            } catch (java.util.concurrent.TimeoutException e) {
                advance(step);
            } catch (ExecutionException e) {
                break;
            }
        }
        runDue();
        try {
            return result.get();
        } catch (ExecutionException e) {
            Throwable cause = e.getCause() instanceof java.util.concurrent.CompletionException c
                    && c.getCause() != null ? c.getCause() : e.getCause();
            if (cause instanceof Exception ex) {
                throw ex;
            }
            throw (Error) cause;
        }
    }

    private synchronized Task takeDue(Instant time) {
        Task next = queue.peek();
        if (next == null || next.due.isAfter(time)) {
            return null;
        }
        return queue.poll();
    }

    private record Task(Instant due, long sequence, Runnable runnable) implements Comparable<Task> {
        @Override
        public int compareTo(Task other) {
            int byDue = due.compareTo(other.due);
            return byDue != 0 ? byDue : Long.compare(sequence, other.sequence);
        }
    }
}
