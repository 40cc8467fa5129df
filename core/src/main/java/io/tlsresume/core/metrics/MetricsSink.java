package io.tlsresume.core.metrics;

import java.util.List;
import java.util.function.Consumer;
import java.util.function.Supplier;

/**
 * What a node reports to, and what exporters read (the role of Caffeine's {@code StatsCounter}).
 * Engines report every handshake as it ends ({@link HandshakeObserver}); everything else is a
 * {@link Metric} of a {@link MetricSource}, read when exported: the node's own source (ring,
 * cluster, sealing, ticket counters) and any an engine adds with {@link #source}. Exporters
 * {@link #subscribe} and publish each source, whenever it is added. JDK types only, so that core
 * needs no metrics library; one production implementation ({@code NodeMetrics}).
 */
public interface MetricsSink extends HandshakeObserver {

    /** Id of the node the metrics belong to ({@code nodeId}). */
    String nodeId();

    /**
     * The source of {@code type}, added from {@code factory} the first time it is asked for. This
     * is how an engine contributes metrics of its own: it asks once per node (at start, or when
     * its first TLS context is made) and counts into the object it gets back.
     *
     * @throws IllegalArgumentException if another source already has the new source's group
     */
    <S extends MetricSource> S source(Class<S> type, Supplier<? extends S> factory);

    /** Every source, the node's own first, in the order they were added. */
    List<MetricSource> sources();

    /**
     * Calls {@code exporter} with every source there is now, then with each one added later,
     * until {@link #unsubscribe}.
     */
    void subscribe(Consumer<? super MetricSource> exporter);

    /** Stops telling {@code exporter} about new sources. */
    void unsubscribe(Consumer<? super MetricSource> exporter);
}
