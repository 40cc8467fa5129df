package io.tlsresume.micrometer;

import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.binder.MeterBinder;
import io.tlsresume.core.ResumptionNode;
import io.tlsresume.core.metrics.MetricsSink;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

/**
 * Publishes one {@link ResumptionNode}'s metrics to Micrometer: every {@code Metric} of every
 * {@code MetricSource} of the node's {@link MetricsSink} (the node's own, and those its engine
 * adds, such as the OpenSSL engine's session store, also when added after binding), under the
 * metric's name and tags plus a {@code node} tag. Counters become {@code FunctionCounter}s and
 * gauges {@code Gauge}s (a yes/no state reads 1 or 0), read from the node when the registry is
 * scraped. Text metrics (fingerprints, reasons) are left to JMX, except the time of the last
 * rotation, published as {@value #LAST_ROTATION_AGE} in seconds.
 *
 * <p>Needs no framework: with Jetty or Tomcat standalone, bind it to the adapter's node once the
 * server started. It removes its meters when the node closes (or when it is closed itself), so
 * a restarted server binds a new one.
 *
 * <pre>{@code
 * TlsResumeMeterBinder.bind(factory.getNode(), registry);
 * }</pre>
 */
public final class TlsResumeMeterBinder implements MeterBinder, AutoCloseable {
    /** The tag naming the node on every meter ({@code nodeId}). */
    public static final String NODE_TAG = "node";
    /** Seconds since the node's encrypting key last changed (NaN before its first key). */
    public static final String LAST_ROTATION_AGE = "tlsresume.ring.last.rotation.age";

    private final MetricsSink sink;
    private final Clock clock;
    private final List<RegistryBinding> bindings = new ArrayList<>();
    private boolean closed;

    /** A binder for {@code node}'s metrics, reading the time on the system UTC clock. */
    public TlsResumeMeterBinder(ResumptionNode node) {
        this(node, Clock.systemUTC());
    }

    /**
     * A binder for {@code node}'s metrics.
     *
     * @param clock the clock the node runs on ({@link ResumptionNode.Builder#clock}), from which
     *     {@value #LAST_ROTATION_AGE} is computed
     */
    public TlsResumeMeterBinder(ResumptionNode node, Clock clock) {
        Objects.requireNonNull(node, "node");
        this.sink = node.metrics();
        this.clock = Objects.requireNonNull(clock, "clock");
        node.onClose(this::close);
    }

    /** Binds a new binder of {@code node}'s metrics to {@code registry} and returns it. */
    public static TlsResumeMeterBinder bind(ResumptionNode node, MeterRegistry registry) {
        TlsResumeMeterBinder binder = new TlsResumeMeterBinder(node);
        binder.bindTo(registry);
        return binder;
    }

    /**
     * Registers the node's meters in {@code registry}, and those of sources the node adds later.
     * Does nothing once the binder or the node is closed. A binder may be bound to several
     * registries.
     */
    @Override
    public void bindTo(MeterRegistry registry) {
        RegistryBinding binding = new RegistryBinding(sink.nodeId(), registry, clock);
        synchronized (this) {
            if (closed) {
                return;
            }
            bindings.add(binding);
        }
        // Outside this binder's lock: the sink calls the binding holding its own.
        sink.subscribe(binding);
        if (binding.isClosed()) {
            sink.unsubscribe(binding); // closed while subscribing
        }
    }

    /** Removes every meter this binder registered and stops following the node's sources. */
    @Override
    public void close() {
        List<RegistryBinding> bound;
        synchronized (this) {
            closed = true;
            bound = List.copyOf(bindings);
            bindings.clear();
        }
        for (RegistryBinding binding : bound) {
            binding.close();
            sink.unsubscribe(binding);
        }
    }
}
