package io.tlsresume.spring;

import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.boot.health.autoconfigure.contributor.ConditionalOnEnabledHealthIndicator;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/**
 * With Actuator: the health contributor {@code tlsresume} and the endpoint {@code tlsresume}
 * (exposed like any other, e.g. {@code management.endpoints.web.exposure.include=health,tlsresume}).
 */
@AutoConfiguration(after = TlsResumeAutoConfiguration.class)
@ConditionalOnBean(TlsResumeNodes.class)
public class TlsResumeActuatorAutoConfiguration {

    /** The health contributor; its name is the bean name without "HealthIndicator". */
    @Configuration(proxyBeanMethods = false)
    @ConditionalOnClass(name = "org.springframework.boot.health.contributor.HealthIndicator")
    @ConditionalOnEnabledHealthIndicator("tlsresume")
    static class Health {
        @Bean
        @ConditionalOnMissingBean(name = "tlsresumeHealthIndicator")
        TlsResumeHealthIndicator tlsresumeHealthIndicator(TlsResumeNodes nodes) {
            return new TlsResumeHealthIndicator(nodes);
        }
    }

    /** The endpoint. */
    @Configuration(proxyBeanMethods = false)
    @ConditionalOnClass(name = "org.springframework.boot.actuate.endpoint.annotation.Endpoint")
    static class Endpoint {
        @Bean
        @ConditionalOnMissingBean
        TlsResumeEndpoint tlsResumeEndpoint(TlsResumeNodes nodes) {
            return new TlsResumeEndpoint(nodes);
        }
    }
}
