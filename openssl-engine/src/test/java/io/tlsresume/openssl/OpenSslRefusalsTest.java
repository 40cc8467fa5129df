package io.tlsresume.openssl;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.tlsresume.testkit.LogCapture;
import io.tlsresume.testkit.TestNodes;
import io.tlsresume.testkit.TestPki;
import io.tlsresume.tomcat.EmbeddedTomcat;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;
import org.apache.catalina.LifecycleState;
import org.apache.tomcat.util.net.SSLHostConfig;
import org.apache.tomcat.util.net.openssl.OpenSSLConf;
import org.apache.tomcat.util.net.openssl.OpenSSLConfCmd;
import org.junit.jupiter.api.Test;

/**
 * What Tomcat's FFM engine would do but tlsresume overrides on its contexts (session cache,
 * tickets) or cannot put into the resumption scope (OpenSSL's own CA file and folder) fails the
 * connector at start, naming the attribute as written in server.xml; nothing is ignored.
 */
class OpenSslRefusalsTest {
    private static final TestPki PKI = TestPki.create("refusals");

    @Test
    void sslHostConfigSessionTimeoutIsRefusedWithTheStore() {
        String log = startFailing(Map.of(), host -> host.setSessionTimeout(600));
        assertTrue(log.contains("SSLHostConfig _default_ sessionTimeout: engine=openssl keeps"
                + " sessions in the cluster store for the listener's sessionTimeout"), log);
    }

    @Test
    void sslHostConfigSessionCacheSizeIsRefusedWithTheStore() {
        String log = startFailing(Map.of(), host -> host.setSessionCacheSize(1000));
        assertTrue(log.contains("SSLHostConfig _default_ sessionCacheSize: engine=openssl keeps"
                + " sessions only in the cluster store"), log);
    }

    @Test
    void disableSessionTicketsIsRefusedWithRingTickets() {
        String log = startFailing(Map.of("sessionTickets", "ring"),
                host -> host.setDisableSessionTickets(true));
        assertTrue(log.contains("SSLHostConfig _default_ disableSessionTickets: the listener's"
                + " sessionTickets=\"ring\" issues tickets"), log);
    }

    @Test
    void sessionTicketOptionInOpenSslConfIsRefused() {
        String log = startFailing(Map.of(), host -> {
            OpenSSLConf conf = new OpenSSLConf();
            OpenSSLConfCmd command = new OpenSSLConfCmd();
            command.setName("Options");
            command.setValue("-SessionTicket");
            conf.addCmd(command);
            host.setOpenSslConf(conf);
        });
        assertTrue(log.contains("SSLHostConfig _default_ OpenSSLConfCmd Options=-SessionTicket:"
                + " tlsresume sets the session-ticket option itself"), log);
    }

    @Test
    void openSslCaCertificateFileForClientCertificatesIsRefused() {
        String log = startFailing(Map.of(), host -> {
            host.setCertificateVerification("required");
            host.setCaCertificateFile(PKI.caPem().toString());
        });
        assertTrue(log.contains("SSLHostConfig _default_ caCertificateFile: tlsresume scopes"
                + " resumption by the trust anchors of Tomcat's trust store"), log);
    }

    @Test
    void requiredWithoutAnyTrustStoreIsRefused() {
        String log = startFailing(Map.of(), host -> host.setCertificateVerification("required"));
        assertTrue(log.contains("truststoreFile"), log);
        assertTrue(log.contains("no trust store"), log);
    }

    /** Starts one node whose SSLHostConfig {@code tweak} changed; returns the log. */
    private static String startFailing(Map<String, String> attributes,
            Consumer<SSLHostConfig> tweak) {
        Map<String, String> properties = new TestNodes(1).properties(0);
        properties.put("engine", "openssl");
        properties.putAll(attributes);
        try (LogCapture capture = new LogCapture();
                EmbeddedTomcat tomcat = new EmbeddedTomcat(properties)) {
            tweak.accept(tomcat.hostConfig);
            tomcat.start();
            assertEquals(LifecycleState.FAILED, tomcat.connector.getState());
            assertEquals(LifecycleState.STARTED, tomcat.tomcat.getServer().getState(),
                    "the rest of Tomcat runs");
            return capture.text();
        } finally {
            assertEquals(List.of(), hazelcastThreadsLeft(properties.get("nodeId")),
                    "the failed connector's node is gone once Tomcat stops");
        }
    }

    private static List<String> hazelcastThreadsLeft(String nodeId) {
        try {
            for (Thread t : hazelcastThreadsOf(nodeId)) {
                t.join(10_000);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        return hazelcastThreadsOf(nodeId).stream().map(Thread::getName).toList();
    }

    private static List<Thread> hazelcastThreadsOf(String nodeId) {
        return Thread.getAllStackTraces().keySet().stream().filter(Thread::isAlive)
                .filter(t -> t.getName().contains("tlsresume-" + nodeId)).toList();
    }
}
