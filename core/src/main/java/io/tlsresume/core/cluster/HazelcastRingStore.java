package io.tlsresume.core.cluster;

import com.hazelcast.cluster.MembershipEvent;
import com.hazelcast.cluster.MembershipListener;
import com.hazelcast.core.HazelcastInstance;
import com.hazelcast.core.LifecycleEvent;
import com.hazelcast.map.IMap;
import com.hazelcast.map.listener.EntryAddedListener;
import com.hazelcast.map.listener.EntryEvictedListener;
import com.hazelcast.map.listener.EntryExpiredListener;
import com.hazelcast.map.listener.EntryMergedListener;
import com.hazelcast.map.listener.EntryRemovedListener;
import com.hazelcast.map.listener.EntryUpdatedListener;
import io.tlsresume.core.ring.RingStore;
import io.tlsresume.core.ring.RingStoreException;
import java.time.Duration;
import java.util.Collection;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Future;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.SynchronousQueue;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * The key ring in a Hazelcast {@link IMap} keyed by epoch. {@code IMap.putIfAbsent} is atomic
 * across members (one winner per epoch); per-entry TTL removes a key when its last ticket
 * expires. Values are plain byte arrays so no class of ours has to be known to Hazelcast.
 *
 * <p>Every call runs on a small dedicated pool and is abandoned after the configured timeout: a
 * member that is alive but hung would otherwise block a plain call for about a minute.
 */
public final class HazelcastRingStore implements RingStore {
    /** Name of the distributed map holding the ring. */
    public static final String MAP_NAME = "tlsresume-ring";
    /** Name of the distributed map holding side entries: membership cards and re-seals. */
    public static final String ENTRIES_MAP_NAME = "tlsresume-members";
    private static final int MAX_CONCURRENT_CALLS = 4;

    private final HazelcastInstance hazelcast;
    private final Duration timeout;
    private final String description;
    private final ThreadPoolExecutor calls;
    private volatile Runnable changeListener;
    private volatile boolean listening;
    private final List<ChangeTracker> trackers = new CopyOnWriteArrayList<>();
    private boolean tracking;

    /**
     * @param hazelcast a started member or client; closed with this store
     * @param timeout bound on each call
     * @param description where the cluster is, for logs
     */
    public HazelcastRingStore(HazelcastInstance hazelcast, Duration timeout, String description) {
        this.hazelcast = hazelcast;
        this.timeout = timeout;
        this.description = description;
        this.calls = new ThreadPoolExecutor(0, MAX_CONCURRENT_CALLS, 30, TimeUnit.SECONDS,
                new SynchronousQueue<>(), runnable -> {
                    Thread thread = new Thread(runnable, "tlsresume-store");
                    thread.setDaemon(true);
                    return thread;
                });
    }

    @Override
    public byte[] putIfAbsent(long epoch, byte[] value, Duration timeToLive) {
        byte[] previous = call("putIfAbsent(epoch " + epoch + ")", () -> map().putIfAbsent(epoch,
                value, timeToLive.toMillis(), TimeUnit.MILLISECONDS));
        return previous == null ? value : previous;
    }

    @Override
    public Map<Long, byte[]> read(long from, long to) {
        // The map only ever holds live keys (TTL), so reading it whole is one small call.
        return call("read(epochs " + from + ".." + to + ")", () -> {
            listenIfNotYet();
            Map<Long, byte[]> found = new HashMap<>();
            for (Map.Entry<Long, byte[]> entry : map().entrySet()) {
                if (entry.getKey() >= from && entry.getKey() <= to) {
                    found.put(entry.getKey(), entry.getValue());
                }
            }
            return found;
        });
    }

    @Override
    public Map<Long, byte[]> readEpochs(Collection<Long> epochs) {
        return call("getAll(" + epochs.size() + " epochs)", () -> {
            listenIfNotYet();
            return new HashMap<>(map().getAll(new HashSet<>(epochs)));
        });
    }

    @Override
    public Map<String, byte[]> readEntries(Collection<String> names) {
        return call("getAll(" + names.size() + " side entries)", () -> {
            listenIfNotYet();
            return new HashMap<>(entries().getAll(new HashSet<>(names)));
        });
    }

    /**
     * Key-only entry listeners (no values travel with the events) on both maps; registered with
     * the change listener, once the cluster answers.
     */
    @Override
    public boolean trackChanges(ChangeTracker tracker) {
        trackers.add(tracker);
        try {
            call("addEntryListener", () -> {
                listenIfNotYet();
                return null;
            });
        } catch (RingStoreException e) {
            // A client that is not connected yet: the next successful call registers them.
        }
        return true;
    }

    @Override
    public void putEntry(String name, byte[] value, Duration timeToLive) {
        call("put(" + name + ")", () -> entries().put(name, value, timeToLive.toMillis(),
                TimeUnit.MILLISECONDS));
    }

    @Override
    public byte[] putEntryIfAbsent(String name, byte[] value, Duration timeToLive) {
        byte[] previous = call("putIfAbsent(" + name + ")", () -> entries().putIfAbsent(name,
                value, timeToLive.toMillis(), TimeUnit.MILLISECONDS));
        return previous == null ? value : previous;
    }

    @Override
    public Map<String, byte[]> readEntries() {
        // A few cards and re-seals per node, all with a TTL: one small call.
        return call("read(side entries)", () -> {
            listenIfNotYet();
            Map<String, byte[]> found = new HashMap<>();
            for (Map.Entry<String, byte[]> entry : entries().entrySet()) {
                found.put(entry.getKey(), entry.getValue());
            }
            return found;
        });
    }

    @Override
    public byte[] readEntry(String name) {
        return call("get(" + name + ")", () -> entries().get(name));
    }

    @Override
    public boolean replaceEntry(String name, byte[] expected, byte[] value, Duration timeToLive) {
        return call("replace(" + name + ")", () -> {
            // IMap.replace compares the serialized values: byte arrays by content.
            boolean replaced = entries().replace(name, expected, value);
            if (replaced) {
                entries().setTtl(name, timeToLive.toMillis(), TimeUnit.MILLISECONDS);
            }
            return replaced;
        });
    }

    @Override
    public void removeEntry(String name) {
        call("remove(" + name + ")", () -> entries().remove(name));
    }

    @Override
    public boolean replace(long epoch, byte[] expected, byte[] value, Duration timeToLive) {
        return call("replace(epoch " + epoch + ")", () -> {
            boolean replaced = map().replace(epoch, expected, value);
            if (replaced) {
                map().setTtl(epoch, timeToLive.toMillis(), TimeUnit.MILLISECONDS);
            }
            return replaced;
        });
    }

    @Override
    public boolean remove(long epoch, byte[] expected) {
        return call("remove(epoch " + epoch + ")", () -> map().remove(epoch, expected));
    }

    @Override
    public void onChange(Runnable listener) {
        this.changeListener = listener;
        try {
            call("addEntryListener", () -> {
                listenIfNotYet();
                return null;
            });
        } catch (RingStoreException e) {
            // A client that is not connected yet: the next successful read registers it.
        }
    }

    /** Registers the change listeners once the cluster answers (a client may start offline). */
    private synchronized void listenIfNotYet() {
        if (!tracking && !trackers.isEmpty()) {
            map().addEntryListener(new KeyListener<Long>(trackers,
                    (tracker, epoch) -> tracker.epochChanged(epoch)), false);
            entries().addEntryListener(new KeyListener<String>(trackers,
                    (tracker, name) -> tracker.entryChanged(name)), false);
            hazelcast.getLifecycleService().addLifecycleListener(event -> {
                // A healed partition, or a client back after a disconnection: the events of
                // the meantime are lost.
                if (event.getState() == LifecycleEvent.LifecycleState.MERGED
                        || event.getState() == LifecycleEvent.LifecycleState.CLIENT_CONNECTED) {
                    trackers.forEach(ChangeTracker::everythingChanged);
                }
            });
            hazelcast.getCluster().addMembershipListener(new MembershipListener() {
                @Override
                public void memberAdded(MembershipEvent event) {
                    trackers.forEach(ChangeTracker::everythingChanged);
                }

                @Override
                public void memberRemoved(MembershipEvent event) {
                    trackers.forEach(ChangeTracker::everythingChanged);
                }
            });
            tracking = true;
            // Whatever changed before the listeners were there is unknown to the trackers.
            trackers.forEach(ChangeTracker::everythingChanged);
        }
        Runnable listener = changeListener;
        if (listening || listener == null) {
            return;
        }
        map().addEntryListener(new ChangeListener<Long>(listener), false);
        // A re-seal may be for this node; a request for one may be this node's to answer. A
        // renewed card needs nothing at once (its node holds the keys already).
        entries().addEntryListener(new ChangeListener<String>(listener), false);
        // This member merged into the other side of a healed partition: its map now holds that
        // side's keys, which may differ from the ones it made alone. Reconcile at once.
        hazelcast.getLifecycleService().addLifecycleListener(event -> {
            if (event.getState() == LifecycleEvent.LifecycleState.MERGED) {
                listener.run();
            }
        });
        // A member joining or leaving changes who holds the ring and whether this node is alone.
        hazelcast.getCluster().addMembershipListener(new MembershipListener() {
            @Override
            public void memberAdded(MembershipEvent event) {
                listener.run();
            }

            @Override
            public void memberRemoved(MembershipEvent event) {
                listener.run();
            }
        });
        listening = true;
    }

    private IMap<Long, byte[]> map() {
        return hazelcast.getMap(MAP_NAME);
    }

    private IMap<String, byte[]> entries() {
        return hazelcast.getMap(ENTRIES_MAP_NAME);
    }

    @Override
    public int memberCount() {
        try {
            return hazelcast.getCluster().getMembers().size();
        } catch (RuntimeException e) {
            return 0;
        }
    }

    @Override
    public long clockOffsetMillis() {
        try {
            return System.currentTimeMillis() - hazelcast.getCluster().getClusterTime();
        } catch (RuntimeException e) {
            return 0; // a client, or a member shutting down: it cannot tell
        }
    }

    @Override
    public String describe() {
        return description;
    }

    @Override
    public void close() {
        calls.shutdownNow();
        try {
            hazelcast.shutdown();
        } catch (RuntimeException e) {
            hazelcast.getLifecycleService().terminate();
        }
    }

    /** The Hazelcast instance, for tests and diagnostics. */
    public HazelcastInstance hazelcast() {
        return hazelcast;
    }

    private <T> T call(String what, Callable<T> operation) {
        Future<T> future;
        try {
            future = calls.submit(operation);
        } catch (RejectedExecutionException e) {
            throw new RingStoreException(what + ": " + MAX_CONCURRENT_CALLS
                    + " earlier calls still hang", e);
        }
        try {
            return future.get(timeout.toMillis(), TimeUnit.MILLISECONDS);
        } catch (TimeoutException e) {
            future.cancel(true);
            throw new RingStoreException(what + ": no answer within " + timeout.toMillis()
                    + " ms (tlsresume.cluster.timeout)", e);
        } catch (ExecutionException e) {
            throw new RingStoreException(what + ": " + e.getCause(), e.getCause());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new RingStoreException(what + ": interrupted", e);
        }
    }

    /**
     * Runs the callback when an entry is added, replaced (a renewed card) or merged in from
     * another partition of the cluster.
     */
    private record ChangeListener<K>(Runnable callback)
            implements EntryAddedListener<K, byte[]>, EntryUpdatedListener<K, byte[]>,
            EntryMergedListener<K, byte[]> {
        @Override
        public void entryAdded(com.hazelcast.core.EntryEvent<K, byte[]> event) {
            notify(event.getKey());
        }

        @Override
        public void entryUpdated(com.hazelcast.core.EntryEvent<K, byte[]> event) {
            notify(event.getKey());
        }

        @Override
        public void entryMerged(com.hazelcast.core.EntryEvent<K, byte[]> event) {
            notify(event.getKey());
        }

        private void notify(K key) {
            if (!(key instanceof String name && name.startsWith(UNNOTIFIED_PREFIX))) {
                callback.run();
            }
        }
    }

    /** Tells the trackers the key of every change, removals and expiries included. */
    private record KeyListener<K>(List<ChangeTracker> trackers,
            java.util.function.BiConsumer<ChangeTracker, K> tell)
            implements EntryAddedListener<K, byte[]>, EntryUpdatedListener<K, byte[]>,
            EntryMergedListener<K, byte[]>, EntryRemovedListener<K, byte[]>,
            EntryEvictedListener<K, byte[]>, EntryExpiredListener<K, byte[]> {
        private void changed(com.hazelcast.core.EntryEvent<K, byte[]> event) {
            trackers.forEach(tracker -> tell.accept(tracker, event.getKey()));
        }

        @Override
        public void entryAdded(com.hazelcast.core.EntryEvent<K, byte[]> event) {
            changed(event);
        }

        @Override
        public void entryUpdated(com.hazelcast.core.EntryEvent<K, byte[]> event) {
            changed(event);
        }

        @Override
        public void entryMerged(com.hazelcast.core.EntryEvent<K, byte[]> event) {
            changed(event);
        }

        @Override
        public void entryRemoved(com.hazelcast.core.EntryEvent<K, byte[]> event) {
            changed(event);
        }

        @Override
        public void entryEvicted(com.hazelcast.core.EntryEvent<K, byte[]> event) {
            changed(event);
        }

        @Override
        public void entryExpired(com.hazelcast.core.EntryEvent<K, byte[]> event) {
            changed(event);
        }
    }
}
