package io.tlsresume.spring;

import io.tlsresume.jetty.ResumingSslContextFactory;
import io.tlsresume.tomcat.TlsResumeImplementation;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.boot.autoconfigure.condition.ConditionalOnProperty;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.env.Environment;

/**
 * Serves the application's HTTPS connectors on embedded Tomcat or Jetty through tlsresume, with
 * the certificate Boot configured ({@code server.ssl.*} or an SSL bundle). Off with
 * {@code tlsresume.enabled=false}; an application without HTTPS is left as it is and starts no
 * node.
 */
@AutoConfiguration
@ConditionalOnProperty(prefix = "tlsresume", name = "enabled", havingValue = "true",
        matchIfMissing = true)
@EnableConfigurationProperties(TlsResumeProperties.class)
public class TlsResumeAutoConfiguration {

    /** The {@code tlsresume.*} properties, validated now: a wrong one stops the start. */
    @Bean
    TlsResumeSettings tlsResumeSettings(TlsResumeProperties properties, Environment environment) {
        return new TlsResumeSettings(properties, new WrittenProperties(environment));
    }

    @Bean
    TlsResumeNodes tlsResumeNodes() {
        return new TlsResumeNodes();
    }

    /** Embedded Tomcat. */
    @Configuration(proxyBeanMethods = false)
    @ConditionalOnClass(name = {"org.apache.catalina.startup.Tomcat",
            "org.springframework.boot.tomcat.ConfigurableTomcatWebServerFactory"},
            value = TlsResumeImplementation.class)
    static class Tomcat {
        @Bean
        TomcatResumption tlsResumeTomcat(TlsResumeSettings settings, TlsResumeNodes nodes) {
            return new TomcatResumption(settings, nodes);
        }
    }

    /** Embedded Jetty. */
    @Configuration(proxyBeanMethods = false)
    @ConditionalOnClass(name = {"org.eclipse.jetty.server.Server",
            "org.springframework.boot.jetty.ConfigurableJettyWebServerFactory"},
            value = ResumingSslContextFactory.class)
    static class Jetty {
        @Bean
        JettyResumption tlsResumeJetty(TlsResumeSettings settings, TlsResumeNodes nodes) {
            return new JettyResumption(settings, nodes);
        }
    }
}
