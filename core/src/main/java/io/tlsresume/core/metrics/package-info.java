/**
 * The metrics sink: {@link io.tlsresume.core.metrics.MetricsSink} (what a node reports to),
 * {@link io.tlsresume.core.metrics.MetricSource} and {@link io.tlsresume.core.metrics.Metric}
 * (what exporters iterate). This package uses JDK types only (a test checks it), so core builds
 * without Micrometer, Hazelcast or Netty; each exporter is one class elsewhere, such as
 * {@link io.tlsresume.core.metrics.jmx.JmxExporter}.
 */
package io.tlsresume.core.metrics;
