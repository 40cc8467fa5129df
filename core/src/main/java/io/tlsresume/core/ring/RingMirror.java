package io.tlsresume.core.ring;

import java.util.Arrays;
import java.util.HashMap;
import java.util.HashSet;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;

/**
 * A node's copy of what it reads from the {@link RingStore}, kept current by fetching only the
 * entries the store reports changed ({@link RingStore#trackChanges}), so that a tick reads what
 * changed since the last one instead of every card, envelope and re-seal of the cluster (issue
 * 16: with N nodes that was N entries per node and tick). A store that cannot report changes is
 * read whole every time, as before. After anything the store could not report (listeners
 * registered, a member joined or left, a partition healed, a failed call) the next read is whole,
 * and every {@value #WHOLE_READ_EVERY}th read is whole in any case.
 *
 * <p>Holds sealed envelopes and cards only: the rotator uses it for the ring map only when
 * sealing is on (plain keys are never kept beyond a tick). Values handed out are copies, which
 * the caller may erase; values dropped here are erased.
 */
public final class RingMirror implements RingStore.ChangeTracker {
    private final RingStore store;
    private final boolean tracking;
    private final TreeMap<Long, byte[]> epochs = new TreeMap<>();
    private final Map<String, byte[]> entries = new HashMap<>();
    private final Set<Long> dirtyEpochs = new HashSet<>();
    private final Set<String> dirtyNames = new HashSet<>();
    private boolean epochsValid;
    private boolean entriesValid;
    /** Epochs read (whole or by name) since the last whole read: others are unknown here. */
    private long knownFrom = Long.MAX_VALUE;
    private long knownTo = Long.MIN_VALUE;
    /** Reads since the last whole one (each kind counted on its own). */
    private int epochReadsSinceWhole;
    private int entryReadsSinceWhole;

    /**
     * Every this many reads the mirror reads whole anyway: a safety net for a change event that
     * never arrived (events are asynchronous; a store that knows it missed some says so through
     * {@link #everythingChanged()}). 100 ticks: ten rotation intervals at the default tick of a
     * tenth of the interval, so it costs a hundredth of reading whole every tick.
     */
    static final int WHOLE_READ_EVERY = 100;

    /** Reads through {@code store}, fetching only changes if it can report them. */
    public RingMirror(RingStore store) {
        this.store = store;
        this.tracking = store.trackChanges(this);
    }

    /** Whether reads fetch only changes (the store reports them). */
    public boolean tracking() {
        return tracking;
    }

    @Override
    public synchronized void epochChanged(long epoch) {
        dirtyEpochs.add(epoch);
    }

    @Override
    public synchronized void entryChanged(String name) {
        dirtyNames.add(name);
    }

    @Override
    public synchronized void everythingChanged() {
        epochsValid = false;
        entriesValid = false;
    }

    /**
     * The values of epochs {@code from..to}, as {@link RingStore#read(long, long)}; copies.
     *
     * @throws RingStoreException if the store failed; the next read is whole
     */
    public Map<Long, byte[]> read(long from, long to) {
        if (!tracking) {
            return store.read(from, to);
        }
        boolean whole;
        Set<Long> fetch;
        synchronized (this) {
            whole = !epochsValid || ++epochReadsSinceWhole >= WHOLE_READ_EVERY;
            if (whole) {
                epochReadsSinceWhole = 0;
            }
            epochsValid = true; // a change reported from now on marks its epoch again
            fetch = new HashSet<>(dirtyEpochs);
            dirtyEpochs.clear();
        }
        try {
            if (whole) {
                Map<Long, byte[]> read = store.read(from, to);
                synchronized (this) {
                    epochs.values().forEach(value -> Arrays.fill(value, (byte) 0));
                    epochs.clear();
                    read.forEach((epoch, value) -> epochs.put(epoch, value.clone()));
                    knownFrom = from;
                    knownTo = to;
                }
                read.values().forEach(value -> Arrays.fill(value, (byte) 0));
            } else {
                for (long epoch = from; epoch <= to; epoch++) {
                    if (epoch < knownFrom || epoch > knownTo) {
                        fetch.add(epoch);
                    }
                }
                fetch.removeIf(epoch -> epoch < from || epoch > to);
                Map<Long, byte[]> read = fetch.isEmpty() ? Map.of() : store.readEpochs(fetch);
                synchronized (this) {
                    for (long epoch : fetch) {
                        byte[] value = read.get(epoch);
                        byte[] old = value == null ? epochs.remove(epoch)
                                : epochs.put(epoch, value.clone());
                        if (old != null) {
                            Arrays.fill(old, (byte) 0);
                        }
                    }
                    knownFrom = Math.min(knownFrom, from);
                    knownTo = Math.max(knownTo, to);
                }
                read.values().forEach(value -> Arrays.fill(value, (byte) 0));
            }
        } catch (RuntimeException e) {
            everythingChanged();
            throw e;
        }
        synchronized (this) {
            // Epochs before the live ones are retired: nobody asks for them again.
            var retired = epochs.headMap(from, false);
            retired.values().forEach(value -> Arrays.fill(value, (byte) 0));
            retired.clear();
            Map<Long, byte[]> copy = new HashMap<>();
            epochs.subMap(from, true, to, true).forEach((epoch, value) -> copy.put(epoch,
                    value.clone()));
            return copy;
        }
    }

    /**
     * Every live side entry, as {@link RingStore#readEntries()}.
     *
     * @throws RingStoreException if the store failed; the next read is whole
     */
    public Map<String, byte[]> readEntries() {
        if (!tracking) {
            return store.readEntries();
        }
        boolean whole;
        Set<String> fetch;
        synchronized (this) {
            whole = !entriesValid || ++entryReadsSinceWhole >= WHOLE_READ_EVERY;
            if (whole) {
                entryReadsSinceWhole = 0;
            }
            entriesValid = true;
            fetch = new HashSet<>(dirtyNames);
            dirtyNames.clear();
        }
        try {
            if (whole) {
                Map<String, byte[]> read = store.readEntries();
                synchronized (this) {
                    entries.clear();
                    entries.putAll(read);
                }
            } else if (!fetch.isEmpty()) {
                Map<String, byte[]> read = store.readEntries(fetch);
                synchronized (this) {
                    for (String name : fetch) {
                        byte[] value = read.get(name);
                        if (value == null) {
                            entries.remove(name);
                        } else {
                            entries.put(name, value);
                        }
                    }
                }
            }
        } catch (RuntimeException e) {
            everythingChanged();
            throw e;
        }
        synchronized (this) {
            return new HashMap<>(entries);
        }
    }

    /** Records a side entry this node wrote (its change event may come after the next read). */
    public synchronized void wrote(String name, byte[] value) {
        if (tracking && entriesValid) {
            entries.put(name, value);
        }
    }

    /** Records an epoch's value this node wrote or was told by a conditional write. */
    public synchronized void wrote(long epoch, byte[] value) {
        if (tracking && epochsValid && epoch >= knownFrom && epoch <= knownTo) {
            byte[] old = epochs.put(epoch, value.clone());
            if (old != null) {
                Arrays.fill(old, (byte) 0);
            }
        }
    }

    /** Erases what it holds; the next read is whole. */
    public synchronized void clear() {
        epochs.values().forEach(value -> Arrays.fill(value, (byte) 0));
        epochs.clear();
        entries.clear();
        everythingChanged();
    }
}
