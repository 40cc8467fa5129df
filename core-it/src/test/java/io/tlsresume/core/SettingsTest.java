package io.tlsresume.core;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.tlsresume.core.engine.EngineKind;
import io.tlsresume.core.engine.EngineRequirements;
import io.tlsresume.core.spi.TlsEngineProvider;
import io.tlsresume.testkit.NettyTestServer;
import io.tlsresume.testkit.TestCertificates;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyStore;
import java.security.cert.CertificateException;
import java.security.cert.X509Certificate;
import java.time.Duration;
import java.util.EnumSet;
import java.util.List;
import java.util.Map;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLSocket;
import javax.net.ssl.TrustManager;
import javax.net.ssl.X509TrustManager;
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
        assertEquals(Duration.ofSeconds(2), s.clusterTimeout());
        assertEquals(Duration.ofSeconds(20), s.clusterJoinGrace());
        assertEquals(EngineKind.BORINGSSL, s.engine());
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
        "cluster.joinGrace|-1s|must not be negative",
        "rotationInterval|999999999999999d|too long a duration",
        "ticketLifetime|99999999999999999999d|too long a duration",
        "cluster.timeout|PT9999999999999999H|too long a duration",
        "cluster.joinGrace|106751991168d|too long a duration",
        "keyStoreType|PEM|must be PKCS12 or JKS",
        "sealing.trustPins|abc|not a base64 SHA-256 hash",
    })
    void badValueIsRejectedNamingTheSetting(String name, String value, String reason) {
        SettingsException e = assertThrows(SettingsException.class,
                () -> Settings.builder().set(name, value).build());
        assertEquals(name, e.settingName());
        assertTrue(e.getMessage().contains(name), e.getMessage());
        assertTrue(e.getMessage().contains(reason), e.getMessage());
    }

    @Test
    void overflowingDurationIsASettingsExceptionNamingTheSetting() {
        // Duration.ofDays(999999999999999) overflows a long of seconds: an ArithmeticException
        // escaped the string layer before.
        SettingsException e = assertThrows(SettingsException.class,
                () -> Settings.builder().set("tlsresume.rotationInterval", "999999999999999d"));
        assertEquals("tlsresume.rotationInterval", e.settingName());
        assertTrue(e.getMessage().contains("'999999999999999d' is too long a duration"),
                e.getMessage());
        // The typed setter refuses what no scheduler can count in milliseconds, too.
        SettingsException typed = assertThrows(SettingsException.class,
                () -> Settings.builder().rotationInterval(Duration.ofSeconds(Long.MAX_VALUE)));
        assertEquals("tlsresume.rotationInterval", typed.settingName());
        assertTrue(typed.getMessage().contains("too long a duration"), typed.getMessage());
    }

    @Test
    void typedSettersBuildTheSameSettingsAsTheirText() {
        Settings typed = Settings.builder().rotationInterval(Duration.ofMinutes(30))
                .ticketLifetime(Duration.ofHours(2)).clusterMembers(List.of("10.0.0.1:5701",
                        " 10.0.0.2:5701 ")).clusterInterface("10.0.0.1").clusterPort(5702)
                .clusterMode(ClusterMode.CLIENT).clusterName("edge").nodeId("a")
                .clusterTimeout(Duration.ofSeconds(3)).clusterJoinGrace(Duration.ZERO)
                .sealingTrust(SealingTrust.PINNED).sealingTrustPins(List.of("A".repeat(43) + "="))
                .build();
        Settings text = Settings.builder().setAll(Map.ofEntries(
                Map.entry("rotationInterval", "30m"), Map.entry("ticketLifetime", "2h"),
                Map.entry("cluster.members", "10.0.0.1:5701, 10.0.0.2:5701"),
                Map.entry("cluster.interface", "10.0.0.1"), Map.entry("cluster.port", "5702"),
                Map.entry("cluster.mode", "client"), Map.entry("cluster.name", "edge"),
                Map.entry("nodeId", "a"), Map.entry("cluster.timeout", "3s"),
                Map.entry("cluster.joinGrace", "0"), Map.entry("sealing.trust", "pinned"),
                Map.entry("sealing.trustPins", "sha256/" + "A".repeat(43) + "="))).build();
        assertEquals(text.toString(), typed.toString());
        assertEquals(List.of("10.0.0.1:5701", "10.0.0.2:5701"), typed.clusterMembers());
        assertEquals(Duration.ofMinutes(30), typed.rotationInterval());
        assertEquals(Duration.ofHours(2), typed.ticketLifetime());
        assertEquals(5702, typed.clusterPort());
        assertEquals(Duration.ZERO, typed.clusterJoinGrace());
        assertEquals(text.sealingTrustPins(), typed.sealingTrustPins());
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', value = {
        "rotationInterval|rotationInterval|at least 1s",
        "ticketLifetime|ticketLifetime|at most 7d",
        "clusterPort|cluster.port|not a port number",
        "clusterMembers|cluster.members|list each member",
        "clusterInterface|cluster.interface|not an IP address",
        "clusterName|cluster.name|must not be empty",
        "clusterTimeout|cluster.timeout|must be positive",
        "clusterJoinGrace|cluster.joinGrace|must not be negative",
        "keyStorePath|keyStorePath|does not exist",
        "sealingTrustPins|sealing.trustPins|not a base64 SHA-256 hash",
    })
    void typedSetterRefusesABadValueAtOnceNamingTheSetting(String setter, String key,
            String reason) {
        Settings.Builder builder = Settings.builder();
        Runnable call = switch (setter) {
            case "rotationInterval" -> () -> builder.rotationInterval(Duration.ofMillis(500));
            case "ticketLifetime" -> () -> builder.ticketLifetime(Duration.ofDays(8));
            case "clusterPort" -> () -> builder.clusterPort(70000);
            case "clusterMembers" -> () -> builder.clusterMembers(List.of("127.0.0.1:5701-5703"));
            case "clusterInterface" -> () -> builder.clusterInterface("myhost.example");
            case "clusterName" -> () -> builder.clusterName(" ");
            case "clusterTimeout" -> () -> builder.clusterTimeout(Duration.ZERO);
            case "clusterJoinGrace" -> () -> builder.clusterJoinGrace(Duration.ofSeconds(-1));
            case "keyStorePath" -> () -> builder.keyStorePath(Path.of("/nonexistent/s.p12"));
            default -> () -> builder.sealingTrustPins(List.of("abc"));
        };
        // No build(): the setter itself refuses the value.
        SettingsException e = assertThrows(SettingsException.class, call::run);
        assertEquals("tlsresume." + key, e.settingName(), "named in the default style");
        assertTrue(e.getMessage().contains(reason), e.getMessage());
    }

    @Test
    void everySettingStatesTheEnginesItAppliesTo() {
        for (Setting setting : Setting.values()) {
            assertEquals(EnumSet.allOf(EngineKind.class), setting.engines(),
                    setting + ": the core keeps engine-independent settings only");
        }
        // Core's class path holds the core's own engine and no other.
        assertEquals(List.of(EngineKind.BORINGSSL), EngineRequirements.providers().stream()
                .map(TlsEngineProvider::kind).toList());
        assertTrue(EngineRequirements.providers().get(0).settings().isEmpty(),
                "the BoringSSL engine adds no settings");
    }

    @Test
    void openSslEngineSettingsNeedTheOpenSslEngineOnTheClassPath() {
        // Its settings come with tlsresume-openssl (Java 22+), which this class path lacks.
        SettingsException e = assertThrows(SettingsException.class,
                () -> Settings.builder().set("engine", "openssl").set("sessionTimeout", "30m"));
        assertEquals("sessionTimeout", e.settingName());
        assertTrue(e.getMessage().contains("no such setting"), e.getMessage());
        assertTrue(e.getMessage().contains("engine=openssl adds settings of its own"),
                e.getMessage());
        assertTrue(e.getMessage().contains("with the tlsresume-openssl jar"), e.getMessage());
        assertTrue(e.getMessage().contains("Java 22"), e.getMessage());
    }

    @Test
    void errorsNameUnwrittenSettingsInTheAdaptersStyle() {
        // Tomcat attributes are short keys: a check across settings names the attribute.
        SettingsException e = assertThrows(SettingsException.class, () -> Settings.builder()
                .names(key -> key).set("sealing.trust", "ca").build());
        assertEquals("sealing.trustCa", e.settingName());
        // A name the user wrote wins over the style.
        SettingsException written = assertThrows(SettingsException.class, () -> Settings
                .builder().names(key -> key).set("tlsresume.rotationInterval", "1s")
                .set("ticketLifetime", "1h").build());
        assertEquals("tlsresume.rotationInterval", written.settingName());
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
        assertEquals("keyStorePassword", e.settingName(), "named as the user wrote it");
    }

    @Test
    void wrongKeyStorePasswordIsNamedInTheAdaptersStyleWhenNotWritten() {
        Settings settings = Settings.builder().names(key -> "tlsresume_" + key)
                .set("cluster.mode", "none")
                .keyStorePath(TestCertificates.get().keyStore()).keyStorePassword("wrong")
                .build();
        SettingsException e = assertThrows(SettingsException.class,
                () -> ResumptionNode.start(settings));
        assertEquals("tlsresume_keyStorePassword", e.settingName());
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
    void rightKeyStoreBuildsAContext() throws Exception {
        // A key store other than the kit's default, so a context that served any other key fails.
        Path store = TestCertificates.get().generateOther("settings-context", "EC");
        Settings settings = Settings.builder().set("cluster.mode", "none")
                .set("keyStorePath", store.toString())
                .set("keyStorePassword", TestCertificates.PASSWORD).build();
        X509Certificate expected;
        try (InputStream in = Files.newInputStream(store)) {
            KeyStore keyStore = KeyStore.getInstance("PKCS12");
            keyStore.load(in, TestCertificates.PASSWORD.toCharArray());
            expected = (X509Certificate) keyStore.getCertificate("settings-context");
        }
        try (ResumptionNode node = ResumptionNode.start(settings);
                NettyTestServer server = new NettyTestServer("settings",
                        node.newServerContext(List.of()))) {
            SSLContext client = SSLContext.getInstance("TLSv1.3");
            client.init(null, new TrustManager[] {trusting(expected)}, null);
            try (SSLSocket socket = (SSLSocket) client.getSocketFactory()
                    .createSocket("127.0.0.1", server.port())) {
                socket.setSoTimeout(10_000);
                socket.startHandshake();
                assertEquals(expected, socket.getSession().getPeerCertificates()[0],
                        "the context serves the key store's certificate");
                assertEquals("TLSv1.3", socket.getSession().getProtocol());
            }
        }
    }

    /** Trusts exactly {@code expected} as the server's leaf. */
    private static X509TrustManager trusting(X509Certificate expected) {
        return new X509TrustManager() {
            @Override
            public void checkClientTrusted(X509Certificate[] chain, String authType) {
                throw new UnsupportedOperationException("server side only");
            }

            @Override
            public void checkServerTrusted(X509Certificate[] chain, String authType)
                    throws CertificateException {
                if (!chain[0].equals(expected)) {
                    throw new CertificateException("unexpected server certificate "
                            + chain[0].getSubjectX500Principal());
                }
            }

            @Override
            public X509Certificate[] getAcceptedIssuers() {
                return new X509Certificate[0];
            }
        };
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
