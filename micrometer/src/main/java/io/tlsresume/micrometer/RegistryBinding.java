package io.tlsresume.micrometer;

import io.micrometer.core.instrument.Meter;
import io.micrometer.core.instrument.MeterRegistry;
import io.tlsresume.core.metrics.MetricSource;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Consumer;

/**
 * One node's meters in one registry: registers each source the node's sink announces and
 * removes all of them on {@link #close()}.
 */
final class RegistryBinding implements Consumer<MetricSource> {
    private final String nodeId;
    private final MeterRegistry registry;
    private final Clock clock;
    private final List<SourceMeters> sources = new ArrayList<>();
    private boolean closed;

    RegistryBinding(String nodeId, MeterRegistry registry, Clock clock) {
        this.nodeId = nodeId;
        this.registry = registry;
        this.clock = clock;
    }

    @Override
    public synchronized void accept(MetricSource source) {
        if (!closed) {
            sources.add(SourceMeters.register(source, nodeId, registry, clock));
        }
    }

    synchronized boolean isClosed() {
        return closed;
    }

    synchronized void close() {
        closed = true;
        for (SourceMeters source : sources) {
            for (Meter meter : source.meters()) {
                registry.remove(meter);
            }
        }
        sources.clear();
    }
}
