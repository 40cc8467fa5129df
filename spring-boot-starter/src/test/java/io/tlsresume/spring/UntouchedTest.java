package io.tlsresume.spring;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.tlsresume.testkit.JdkHttpsClient;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.apache.catalina.Valve;
import org.apache.catalina.connector.Connector;
import org.junit.jupiter.api.Test;
import org.springframework.boot.tomcat.TomcatWebServer;
import org.springframework.boot.web.server.context.WebServerApplicationContext;
import org.springframework.context.ConfigurableApplicationContext;

/**
 * {@code tlsresume.enabled=false} leaves an HTTPS application exactly as Boot alone configures
 * it, and an application without HTTPS is untouched with the starter on: no node, no Hazelcast
 * member, the same connector and valves as without the starter.
 */
class UntouchedTest {
    private static final String OURS = "io.tlsresume.spring.TlsResumeAutoConfiguration,"
            + "io.tlsresume.spring.TlsResumeActuatorAutoConfiguration,"
            + "io.tlsresume.spring.TlsResumeMetricsAutoConfiguration";

    @Test
    void disabledHttpsAppIsServedAsBootAloneServesIt() throws Exception {
        List<String> expected = served(withoutStarter(Apps.https(Apps.Server.TOMCAT)), true);

        Map<String, Object> disabled = Apps.https(Apps.Server.TOMCAT);
        disabled.put("tlsresume.enabled", "false");
        List<String> actual = served(disabled, true);

        assertEquals(expected, actual);
        assertTrue(actual.contains("sslImplementationName=null"), actual.toString());
    }

    @Test
    void appWithoutHttpsIsUntouchedAndStartsNoMember() throws Exception {
        List<String> expected = served(withoutStarter(Apps.base(Apps.Server.TOMCAT)), false);
        List<String> actual = served(Apps.base(Apps.Server.TOMCAT), false);
        assertEquals(expected, actual);
    }

    @Test
    void jettyAppWithoutHttpsStartsNoMember() throws Exception {
        try (ConfigurableApplicationContext app = Apps.start(Apps.base(Apps.Server.JETTY))) {
            assertEquals(Set.of(), Apps.hazelcastThreads());
            assertTrue(app.getBean(TlsResumeNodes.class).running().isEmpty());
            assertEquals(0, app.getBean(TlsResumeNodes.class).connectors());
        }
    }

    /** {@code properties} with the starter's auto-configurations excluded: Boot alone. */
    private static Map<String, Object> withoutStarter(Map<String, Object> properties) {
        properties.put("spring.autoconfigure.exclude",
                properties.get("spring.autoconfigure.exclude") + "," + OURS);
        return properties;
    }

    /**
     * Starts the app, serves one request (HTTPS with the JDK client, or nothing), and describes
     * its Tomcat: connector class, TLS implementation, lifecycle listeners, engine valves.
     */
    private static List<String> served(Map<String, Object> properties, boolean https)
            throws Exception {
        List<String> description = new ArrayList<>();
        try (ConfigurableApplicationContext app = Apps.start(properties)) {
            assertEquals(Set.of(), Apps.hazelcastThreads());
            assertFalse(app.getBeanProvider(TlsResumeNodes.class).stream()
                    .anyMatch(n -> !n.running().isEmpty()));
            var tomcat = ((TomcatWebServer) ((WebServerApplicationContext) app).getWebServer())
                    .getTomcat();
            for (Connector c : tomcat.getService().findConnectors()) {
                description.add("connector=" + c.getProtocolHandlerClassName() + " secure="
                        + c.getSecure() + " SSLEnabled=" + c.getProperty("SSLEnabled"));
                description.add("sslImplementationName=" + c.getProperty("sslImplementationName"));
                for (var l : c.findLifecycleListeners()) {
                    description.add("listener=" + l.getClass().getName());
                }
            }
            for (Valve v : tomcat.getEngine().getPipeline().getValves()) {
                description.add("valve=" + v.getClass().getName());
            }
            if (https) {
                var exchange = new JdkHttpsClient("TLSv1.3").get(Apps.port(app));
                assertTrue(exchange.head().startsWith("HTTP/1.1 200"), exchange.head());
                // No tlsresume valve: the request attributes are not set.
                assertTrue(exchange.body().startsWith("node=null resumed=null"), exchange.body());
            }
        }
        assertEquals(Set.of(), Apps.hazelcastThreadsAfter(Duration.ofSeconds(5)));
        return description;
    }

}
