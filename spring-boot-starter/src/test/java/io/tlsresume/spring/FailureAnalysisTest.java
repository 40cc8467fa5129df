package io.tlsresume.spring;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * A wrong or unknown tlsresume.* property stops the application with Boot's failure analysis
 * naming the property as the user wrote it, and starts no Hazelcast member.
 */
class FailureAnalysisTest {

    @Test
    void negativeRotationIntervalFailsStartNamingTheProperty() {
        String report = failedStart(Map.of("tlsresume.rotation-interval", "-5m"));
        assertTrue(report.contains("APPLICATION FAILED TO START"), report);
        assertTrue(report.contains("Property: tlsresume.rotation-interval"), report);
        assertTrue(report.contains("Value: \"-5m\""), report);
        assertTrue(report.contains("Reason: "), report);
        assertTrue(report.contains("Action:"), report);
    }

    @Test
    void camelCaseIsQuotedAsWritten() {
        String report = failedStart(Map.of("tlsresume.rotationInterval", "-5m"));
        assertTrue(report.contains("Property: tlsresume.rotationInterval"), report);
        assertTrue(report.contains("Known as: tlsresume.rotation-interval"), report);
    }

    @Test
    void wrongClusterModeNamesIt() {
        String report = failedStart(Map.of("tlsresume.cluster.mode", "everyone"));
        assertTrue(report.contains("Property: tlsresume.cluster.mode"), report);
        assertTrue(report.contains("must be member, client or none"), report);
    }

    @Test
    void kubernetesDnsWithoutServiceNameNamesTheMissingProperty() {
        String report = failedStart(Map.of("tlsresume.cluster.discovery", "kubernetes-dns",
                "tlsresume.cluster.interface", "auto"));
        assertTrue(report.contains("Property: tlsresume.cluster.kubernetes.service-dns"), report);
        assertTrue(report.contains("must be set with tlsresume.cluster.discovery=kubernetes-dns"),
                report);
    }

    @Test
    void unknownPropertyFailsStartNamingIt() {
        String report = failedStart(Map.of("tlsresume.rotationIntervall", "5m"));
        assertTrue(report.contains("APPLICATION FAILED TO START"), report);
        assertTrue(report.contains("Property: tlsresume.rotationIntervall"), report);
        assertTrue(report.contains("Reason: no such property"), report);
        assertTrue(report.contains("tlsresume.rotation-interval,"), report);
    }

    @Test
    void valueBootCannotConvertFailsStartNamingIt() {
        String report = failedStart(Map.of("tlsresume.ticket-lifetime", "soon"));
        assertTrue(report.contains("APPLICATION FAILED TO START"), report);
        assertTrue(report.contains("tlsresume.ticket-lifetime"), report);
    }

    /** Starts an HTTP app with the given properties; returns the console output of the failure. */
    private static String failedStart(Map<String, Object> extra) {
        Map<String, Object> properties = Apps.base(Apps.Server.TOMCAT);
        properties.putAll(extra);
        PrintStream original = System.out;
        ByteArrayOutputStream captured = new ByteArrayOutputStream();
        System.setOut(new PrintStream(captured, true, StandardCharsets.UTF_8));
        try {
            assertThrows(Exception.class, () -> Apps.start(properties).close());
        } finally {
            System.setOut(original);
        }
        assertEquals(java.util.Set.of(), Apps.hazelcastThreads());
        String out = captured.toString(StandardCharsets.UTF_8);
        original.print(out);
        return out;
    }
}
