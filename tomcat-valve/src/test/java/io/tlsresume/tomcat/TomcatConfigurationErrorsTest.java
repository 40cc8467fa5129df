package io.tlsresume.tomcat;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.tlsresume.testkit.LogCapture;
import io.tlsresume.testkit.TestCertificates;
import io.tlsresume.testkit.TestNodes;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;
import org.apache.catalina.LifecycleState;
import org.junit.jupiter.api.Test;

/**
 * A wrong setting in the server's configuration fails that connector, and Tomcat's log names the
 * attribute and the reason; the rest of Tomcat keeps running.
 */
class TomcatConfigurationErrorsTest {

    @Test
    void invalidListenerValueFailsConnectorNamingTheAttribute() {
        String log = startFailing(a -> a.put("rotationInterval", "soon"), t -> { });
        assertTrue(log.contains("Invalid setting rotationInterval"), log);
    }

    @Test
    void unknownListenerAttributeFailsConnectorNamingIt() {
        String log = startFailing(a -> a.put("rotationIntervall", "1h"), t -> { });
        assertTrue(log.contains("Invalid setting rotationIntervall: no such setting"), log);
    }

    @Test
    void wrongListenerKeyStorePasswordNamesTheAttribute() {
        // Failed at start naming tlsresume.keyStorePassword, a name no server.xml holds.
        String log = startFailing(a -> {
            a.put("keyStorePath", TestCertificates.get().keyStore().toString());
            a.put("keyStorePassword", "Typo-2718");
        }, t -> { });
        assertTrue(log.contains("Invalid setting keyStorePassword: cannot open"), log);
        assertFalse(log.contains("tlsresume.keyStorePassword"), log);
        assertFalse(log.contains("Typo-2718"), "no password in logs");
    }

    @Test
    void missingTrustCaNamesTheAttributeTomcatUsersWrite() {
        String log = startFailing(a -> a.put("sealing.trust", "ca"), t -> { });
        assertTrue(log.contains("Invalid setting sealing.trustCa: sealing.trust=ca needs a PEM"
                + " file"), log);
    }

    @Test
    void busyClusterPortNamesTheAttribute() throws Exception {
        int[] busy = new int[1];
        String log = withBusyPort(port -> {
            busy[0] = port;
            return startFailing(a -> a.put("cluster.port", String.valueOf(port)), t -> { });
        });
        assertTrue(log.contains("Invalid setting cluster.port: port " + busy[0]
                + " is already in use"), log);
    }

    @Test
    void wrongCertificateKeystorePasswordNamesTheCertificateAttribute() {
        // Named tlsresume.keyStorePassword before, though the user wrote it on <Certificate>.
        String log = startFailing(a -> { }, t -> t.hostConfig.getCertificates().iterator()
                .next().setCertificateKeystorePassword("Typo-1414"));
        assertTrue(log.contains("Invalid setting certificateKeystorePassword: cannot open"),
                log);
        assertFalse(log.contains("Typo-1414"), "no password in logs");
    }

    @Test
    void missingCertificateKeystoreFileNamesTheAttribute() {
        String log = startFailing(a -> { }, t -> t.hostConfig.getCertificates().iterator()
                .next().setCertificateKeystoreFile("/nonexistent/server.p12"));
        assertTrue(log.contains("Invalid setting certificateKeystoreFile: cannot read"
                + " SSLHostConfig _default_ Certificate type=UNDEFINED"
                + " (certificateKeystoreFile=/nonexistent/server.p12)"), log);
    }

    @Test
    void sslContextSetInCodeIsRefusedNamingIt() {
        String log = startFailing(a -> { }, t -> t.hostConfig.getCertificates().iterator()
                .next().setSslContext((org.apache.tomcat.util.net.SSLContext)
                        java.lang.reflect.Proxy.newProxyInstance(getClass().getClassLoader(),
                                new Class<?>[] {org.apache.tomcat.util.net.SSLContext.class},
                                (proxy, method, args) -> null)));
        assertTrue(log.contains("Invalid setting sslContext: SSLHostConfig _default_: a"
                + " Certificate whose SSLContext is set in code"), log);
    }

    @Test
    void conscryptEngineIsRefusedWithTheReason() {
        String log = startFailing(a -> a.put("engine", "conscrypt"), t -> { });
        assertTrue(log.contains("Invalid setting engine: Conscrypt cannot share session-ticket"
                + " keys"), log);
    }

    @Test
    void opensslEngineFailsConnectorSayingWhatIsMissing() {
        // This module's test class path has no tlsresume-openssl: on Java 17-21 the message names
        // the Java version needed; on 22+ it names the missing jar.
        String log = startFailing(a -> a.put("engine", "openssl"), t -> { });
        if (Runtime.version().feature() < 22) {
            assertTrue(log.contains("engine=openssl needs Java 22 or newer"), log);
            assertTrue(log.contains("this JVM is Java " + Runtime.version().feature()), log);
        } else {
            assertTrue(log.contains("engine=openssl needs the tlsresume-openssl jar"), log);
        }
    }

    @Test
    void connectorWithoutTlsResumeImplementationFailsNamingTheAttribute() {
        String log = startFailing(a -> { },
                t -> t.connector.setProperty("sslImplementationName", null));
        assertTrue(log.contains("set sslImplementationName=\""
                + TlsResumeImplementation.class.getName() + "\""), log);
    }

    @Test
    void plainConnectorFailsNamingSslEnabled() {
        String log = startFailing(a -> { }, t -> t.connector.setProperty("SSLEnabled", "false"));
        assertTrue(log.contains("set SSLEnabled=\"true\" on the Connector"), log);
    }

    @Test
    void disabledSessionTicketsFailConnectorNamingTheAttribute() {
        String log = startFailing(a -> { }, t -> t.hostConfig.setDisableSessionTickets(true));
        assertTrue(log.contains("SSLHostConfig _default_ disableSessionTickets"), log);
    }

    @Test
    void requiredWithoutTrustStoreFailsNamingTruststoreFile() {
        // Stock Tomcat would verify against the JDK's default CAs: every public CA's client.
        String log = startFailing(a -> { }, t -> t.hostConfig.setCertificateVerification(
                "required"));
        assertTrue(log.contains("Invalid setting truststoreFile: SSLHostConfig _default_ has"
                + " certificateVerification=\"required\" but no trust store"), log);
    }

    @Test
    void trustStoreWithoutCertificatesFailsNamingTruststoreFile() {
        String log = startFailing(a -> { }, t -> {
            t.hostConfig.setCertificateVerification("optional");
            t.hostConfig.setTrustStore(TestHosts.trustStore());
        });
        // Tomcat's own PKIX parameters refuse an empty store before tlsresume looks at it.
        assertTrue(log.contains("Invalid setting truststoreFile: cannot build the trust manager"
                + " of SSLHostConfig _default_"), log);
        assertTrue(log.contains("trustAnchors parameter must be non-empty"), log);
    }

    @Test
    void unreadableCrlFailsNamingTheTrustAttribute() {
        String log = startFailing(a -> { }, t -> {
            TestHosts.verifying(t.hostConfig, "required", TestHosts.CA.trustStoreP12());
            t.hostConfig.setCertificateRevocationListFile("/nonexistent/ca.crl");
        });
        assertTrue(log.contains("Invalid setting truststoreFile: cannot build the trust manager"
                + " of SSLHostConfig _default_"), log);
        assertTrue(log.contains("ca.crl"), log);
    }

    @Test
    void groupBoringSslLacksFailsConnectorNamingTheGroup() {
        String log = startFailing(a -> { }, t -> t.hostConfig.setGroups("ffdhe2048"));
        assertTrue(log.contains("with groups [ffdhe2048]"), log);
    }

    @Test
    void portInUseFailsTheConnectorWithoutJoiningTheCluster() throws Exception {
        String log = withBusyPort(port -> startFailing(a -> { },
                t -> t.connector.setPort(port)));
        assertTrue(log.contains("Address already in use") || log.contains("BindException"),
                log);
    }

    /** Runs {@code test} with a port of 127.0.0.1 that another socket holds. */
    private static String withBusyPort(java.util.function.IntFunction<String> test)
            throws java.io.IOException {
        try (java.net.ServerSocket busy = new java.net.ServerSocket(0, 1,
                java.net.InetAddress.getByName("127.0.0.1"))) {
            return test.apply(busy.getLocalPort());
        }
    }

    private static List<String> hazelcastThreadsLeft(String nodeId) {
        try {
            return EmbeddedTomcat.hazelcastThreadsLeft(nodeId);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    /** Starts one node configured wrongly; returns what Tomcat logged. */
    private static String startFailing(Consumer<Map<String, String>> attributes,
            Consumer<EmbeddedTomcat> tweak) {
        Map<String, String> properties = new TestNodes(1).properties(0);
        attributes.accept(properties);
        String log;
        try (LogCapture capture = new LogCapture();
                EmbeddedTomcat tomcat = new EmbeddedTomcat(properties)) {
            tweak.accept(tomcat);
            tomcat.start();
            assertEquals(LifecycleState.FAILED, tomcat.connector.getState());
            assertEquals(LifecycleState.STARTED, tomcat.tomcat.getServer().getState(),
                    "the rest of Tomcat runs");
            assertEquals(List.of(), hazelcastThreadsLeft(properties.get("nodeId")),
                    "a failed connector leaves no Hazelcast member running");
            log = capture.text();
        }
        assertEquals(List.of(), hazelcastThreadsLeft(properties.get("nodeId")),
                "a failed connector's node is gone once Tomcat stops");
        return log;
    }
}
