package io.tlsresume.spring;

import io.tlsresume.core.ResumptionNode;
import io.tlsresume.core.Settings;
import io.tlsresume.core.ring.RotationSchedule;
import io.tlsresume.core.ring.TicketKey;
import io.tlsresume.core.ring.TicketKeyInstaller;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * What a node's ring looks like, without key material: it follows the node's ring as an engine
 * context does, and keeps only each key's epoch and fingerprint.
 */
final class RingView implements TicketKeyInstaller {
    /** One key: never its bytes. */
    record Entry(long epoch, String fingerprint, String state, Instant encryptsFrom,
            Instant retires) {
    }

    private final RotationSchedule schedule;
    /** Epoch and fingerprint of each key, as last installed: nothing secret. */
    private record Key(long epoch, String fingerprint) {
    }

    private volatile List<Key> keys = List.of();

    private RingView(Settings settings) {
        this.schedule = new RotationSchedule(settings.rotationInterval(),
                settings.ticketLifetime());
    }

    /** A view following {@code node}'s ring from now on. */
    static RingView of(ResumptionNode node) {
        RingView view = new RingView(node.settings());
        node.addKeyListener(view);
        return view;
    }

    @Override
    public void install(List<TicketKey> installed) {
        List<Key> copy = new ArrayList<>();
        for (TicketKey key : installed) {
            copy.add(new Key(key.epoch(), key.fingerprint()));
        }
        keys = List.copyOf(copy);
    }

    /** The keys, the encrypting one first. */
    List<Entry> entries() {
        List<Key> current = keys;
        List<Entry> entries = new ArrayList<>();
        long encrypting = current.isEmpty() ? Long.MIN_VALUE : current.get(0).epoch();
        for (int i = 0; i < current.size(); i++) {
            long epoch = current.get(i).epoch();
            String state = i == 0 ? "encrypting" : epoch > encrypting ? "upcoming"
                    : "decrypt-only";
            entries.add(new Entry(epoch, current.get(i).fingerprint(), state,
                    schedule.start(epoch), schedule.retirement(epoch)));
        }
        return entries;
    }

    /** The entries as the endpoint shows them. */
    List<Map<String, Object>> describe() {
        List<Map<String, Object>> out = new ArrayList<>();
        for (Entry e : entries()) {
            Map<String, Object> m = new LinkedHashMap<>();
            m.put("epoch", e.epoch());
            m.put("fingerprint", e.fingerprint());
            m.put("state", e.state());
            m.put("encryptsFrom", e.encryptsFrom().toString());
            m.put("expires", e.retires().toString());
            out.add(m);
        }
        return out;
    }
}
