package io.tlsresume.micrometer;

import io.micrometer.core.instrument.FunctionCounter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.Meter;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Tags;
import io.micrometer.core.instrument.TimeGauge;
import io.tlsresume.core.metrics.Metric;
import io.tlsresume.core.metrics.MetricSource;
import java.lang.System.Logger;
import java.lang.System.Logger.Level;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.TimeUnit;

/**
 * The meters of one {@link MetricSource} in one registry.
 *
 * @param metrics the descriptors the meters read; held here because function counters keep
 *     only a weak reference to what they read
 * @param meters the meters this binder registered (none that another node already had)
 */
record SourceMeters(List<Metric> metrics, List<Meter> meters) {
    private static final Logger LOG = System.getLogger("io.tlsresume.metrics");
    /** The text metric whose instant becomes {@link TlsResumeMeterBinder#LAST_ROTATION_AGE}. */
    static final String LAST_ROTATION = "tlsresume.ring.last.rotation";

    static SourceMeters register(MetricSource source, String nodeId, MeterRegistry registry,
            Clock clock) {
        List<Metric> metrics = source.metrics();
        List<Meter> meters = new ArrayList<>();
        Set<String> taken = new TreeSet<>();
        for (Metric metric : metrics) {
            Tags tags = Tags.of(TlsResumeMeterBinder.NODE_TAG, nodeId);
            for (var tag : metric.tags().entrySet()) {
                tags = tags.and(tag.getKey(), tag.getValue());
            }
            String name = metric.kind() == Metric.Kind.TEXT && metric.name().equals(LAST_ROTATION)
                    ? TlsResumeMeterBinder.LAST_ROTATION_AGE : metric.name();
            if (metric.kind() == Metric.Kind.TEXT && name.equals(metric.name())) {
                continue; // a registry holds numbers: JMX shows the text
            }
            if (registry.find(name).tags(tags).meter() != null) {
                // The registry would hand back the existing meter, reading the other node.
                taken.add(name);
                continue;
            }
            meters.add(switch (metric.kind()) {
                case COUNTER -> FunctionCounter.builder(name, metric, Metric::readNumber)
                        .description(metric.description()).tags(tags).register(registry);
                case GAUGE -> Gauge.builder(name, metric, Metric::readNumber)
                        .description(metric.description()).tags(tags).strongReference(true)
                        .register(registry);
                case TEXT -> TimeGauge.builder(name, metric, TimeUnit.MILLISECONDS,
                                m -> millisSince(m, clock))
                        .description("Time since the encrypting key last changed; NaN before"
                                + " the node's first key.")
                        .tags(tags).strongReference(true).register(registry);
            });
        }
        if (!taken.isEmpty()) {
            LOG.log(Level.WARNING, "Metrics {0} of node {1} not registered: the registry already"
                    + " has them for a node of the same id; give each node in this JVM its own"
                    + " tlsresume.nodeId", taken, nodeId);
        }
        return new SourceMeters(metrics, List.copyOf(meters));
    }

    private static double millisSince(Metric lastRotation, Clock clock) {
        String text = (String) lastRotation.read();
        if (text.isEmpty()) {
            return Double.NaN;
        }
        return clock.millis() - Instant.parse(text).toEpochMilli();
    }
}
