package io.tlsresume.core;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.tlsresume.testkit.TestCertificates;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** Every bad setting fails at build or start time with a message that names it. */
class SettingsTest {

    @Test
    void defaultsAreDocumentedValues() {
        Settings s = Settings.builder().build();
        assertEquals(Duration.ofHours(1), s.rotationInterval());
        assertEquals(Duration.ofHours(12), s.ticketLifetime());
        assertEquals(ClusterMode.MEMBER, s.clusterMode());
        assertEquals("127.0.0.1", s.clusterInterface());
        assertEquals(5701, s.clusterPort());
        assertEquals("tlsresume", s.clusterName());
        assertTrue(s.keySource().isEmpty());
        assertTrue(s.sessionStore());
        assertEquals(Duration.ofHours(1), s.sessionTimeout());
        assertEquals(100_000, s.sessionStoreMaxEntries());
        assertEquals(Duration.ofMillis(50), s.sessionStoreTimeout());
    }

    @ParameterizedTest(name = "{0}={1}")
    @CsvSource(delimiter = '|', value = {
        "rotationInterval|0s|must be positive",
        "rotationInterval|-5m|must be positive",
        "rotationInterval|500ms|at least 1s",
        "rotationInterval|soon|not a duration",
        "ticketLifetime|0|must be positive",
        "ticketLifetime|8d|at most 7d",
        "engine|conscrypt|google/conscrypt#507",
        "engine|jdk|no API to set session-ticket keys",
        "engine|wolfssl|unknown engine",
        "cluster.mode|peer|member, client or none",
        "cluster.port|70000|not a port number",
        "cluster.members|127.0.0.1:5701-5703|list each member",
        "cluster.members|nohost|host:port",
        "cluster.interface|myhost.example|not an IP address",
        "cluster.config|/nonexistent/hazelcast.xml|does not exist",
        "keyStorePath|/nonexistent/server.p12|does not exist",
        "cluster.timeout|0ms|must be positive",
        "sessionStore|maybe|must be on or off",
        "sessionTimeout|500ms|between 1s and 7d",
        "sessionTimeout|8d|between 1s and 7d",
        "sessionStore.maxEntries|0|at least 1",
        "sessionStore.maxEntries|many|not a whole number",
        "sessionStore.timeout|0ms|must be positive",
        "sessionTickets|stateless|must be stateful or ring",
    })
    void badValueIsRejectedNamingTheSetting(String name, String value, String reason) {
        SettingsException e = assertThrows(SettingsException.class,
                () -> Settings.builder().set("engine", name.startsWith("session") ? "openssl"
                        : "boringssl").set(name, value).build());
        assertEquals(name, e.settingName());
        assertTrue(e.getMessage().contains(name), e.getMessage());
        assertTrue(e.getMessage().contains(reason), e.getMessage());
    }

    @Test
    void openSslEngineSettingsAreRefusedForBoringSsl() {
        SettingsException e = assertThrows(SettingsException.class,
                () -> Settings.builder().set("sessionTimeout", "30m").build());
        assertEquals("sessionTimeout", e.settingName());
        assertTrue(e.getMessage().contains("applies to engine=openssl only"), e.getMessage());
    }

    @Test
    void unknownSettingNameIsRejected() {
        SettingsException e = assertThrows(SettingsException.class,
                () -> Settings.builder().set("rotationIntervall", "1h"));
        assertTrue(e.getMessage().contains("rotationIntervall"), e.getMessage());
        assertTrue(e.getMessage().contains("rotationInterval,"), "lists the known names");
    }

    @Test
    void prefixedPropertyNamesWork() {
        Settings s = Settings.builder().setAll(Map.of("tlsresume.rotationInterval", "30m",
                "tlsresume.ticketLifetime", "PT2H")).build();
        assertEquals(Duration.ofMinutes(30), s.rotationInterval());
        assertEquals(Duration.ofHours(2), s.ticketLifetime());
    }

    @Test
    void tooManyLiveKeysIsRejected() {
        SettingsException e = assertThrows(SettingsException.class, () -> Settings.builder()
                .set("rotationInterval", "1s").set("ticketLifetime", "1h").build());
        assertEquals("rotationInterval", e.settingName(), "named as the user spelled it");
    }

    @Test
    void wrongKeyStorePasswordFailsAtStartNamingThePassword() {
        Settings settings = Settings.builder().set("cluster.mode", "none")
                .set("keyStorePath", TestCertificates.get().keyStore().toString())
                .set("keyStorePassword", "wrong").build();
        // The key signs the node's ring card before it joins, so a wrong password stops start.
        SettingsException e = assertThrows(SettingsException.class,
                () -> ResumptionNode.start(settings));
        assertEquals("tlsresume.keyStorePassword", e.settingName());
    }

    @Test
    void missingKeyFailsAtStartNamingTheKeyStore() {
        SettingsException e = assertThrows(SettingsException.class,
                () -> ResumptionNode.start(Settings.builder().set("cluster.mode", "none").build()));
        assertEquals("tlsresume.keyStorePath", e.settingName());
    }

    @Test
    void withSealingOffAMissingKeyFailsWhenTheContextIsBuilt() {
        try (ResumptionNode node = ResumptionNode.start(Settings.builder()
                .set("cluster.mode", "none").set("sealing", "off").build())) {
            SettingsException e = assertThrows(SettingsException.class,
                    () -> node.newServerContext(List.of()));
            assertEquals("tlsresume.keyStorePath", e.settingName());
        }
    }

    @Test
    void sealingSettingsAreValidatedNamingTheSetting() {
        assertEquals("sealing", assertThrows(SettingsException.class,
                () -> Settings.builder().set("sealing", "maybe").build()).settingName());
        assertEquals("sealing.trust", assertThrows(SettingsException.class,
                () -> Settings.builder().set("sealing.trust", "anyone").build()).settingName());
        assertEquals("tlsresume.sealing.trustCa", assertThrows(SettingsException.class,
                () -> Settings.builder().set("sealing.trust", "ca").build()).settingName());
        assertEquals("sealing.trustPins", assertThrows(SettingsException.class,
                () -> Settings.builder().set("sealing.trust", "pinned")
                        .set("sealing.trustPins", "abc").build()).settingName());
        Settings pinned = Settings.builder().set("sealing.trust", "pinned")
                .set("sealing.trustPins", "sha256/" + "A".repeat(43) + "=").build();
        assertEquals(1, pinned.sealingTrustPins().size());
        assertTrue(Settings.builder().build().sealing(), "sealing is on by default");
    }

    @Test
    void rightKeyStoreBuildsAContext() {
        Settings settings = Settings.builder().set("cluster.mode", "none")
                .set("keyStorePath", TestCertificates.get().keyStore().toString())
                .set("keyStorePassword", TestCertificates.PASSWORD).build();
        try (ResumptionNode node = ResumptionNode.start(settings)) {
            assertTrue(node.newServerContext(List.of()).newEngine() != null);
        }
    }

    @Test
    void passwordsNeverAppearInToString() {
        Settings settings = Settings.builder()
                .set("keyStorePath", TestCertificates.get().keyStore().toString())
                .set("keyStorePassword", "s3cret-pass").build();
        assertFalse(settings.toString().contains("s3cret-pass"), settings.toString());
        assertFalse(settings.keySource().orElseThrow().toString().contains("s3cret-pass"));
    }
}
