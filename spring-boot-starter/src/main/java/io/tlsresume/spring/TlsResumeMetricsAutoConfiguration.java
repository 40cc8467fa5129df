package io.tlsresume.spring;

import io.micrometer.core.instrument.MeterRegistry;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.context.annotation.Bean;

/**
 * With Micrometer and a {@link MeterRegistry} bean (Actuator makes one): every node's meters
 * ({@code tlsresume.handshakes{resumed,protocol}}, ring and cluster gauges; see
 * docs/metrics.md) are registered, tagged {@code node}.
 */
@AutoConfiguration(after = TlsResumeAutoConfiguration.class, afterName =
        "org.springframework.boot.micrometer.metrics.autoconfigure.CompositeMeterRegistryAutoConfiguration")
@ConditionalOnClass(name = {"io.micrometer.core.instrument.MeterRegistry",
        "io.tlsresume.micrometer.TlsResumeMeterBinder"})
@ConditionalOnBean(TlsResumeNodes.class)
public class TlsResumeMetricsAutoConfiguration {

    @Bean
    TlsResumeMeters tlsResumeMeters(TlsResumeNodes nodes, ObjectProvider<MeterRegistry> registry) {
        return new TlsResumeMeters(nodes, registry);
    }
}
