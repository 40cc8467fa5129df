package io.tlsresume.core.metrics;

import java.util.List;

/**
 * A named set of metrics with one owner: the node's own ({@code Node}), or one an engine adds
 * (the OpenSSL engine's session store). The JMX exporter publishes each source as one MBean,
 * {@code io.tlsresume:type=<group>,name=<nodeId>}.
 */
public interface MetricSource {

    /** Short, capitalised name of the set, e.g. {@code Node}; unique among a node's sources. */
    String group();

    /** The metrics, in a stable order; the same list every time it is asked. */
    List<Metric> metrics();

    /**
     * What an operator can call on this source (the JMX exporter publishes them as the MBean's
     * operations); none by default. The same list every time it is asked.
     */
    default List<Operation> operations() {
        return List.of();
    }
}
