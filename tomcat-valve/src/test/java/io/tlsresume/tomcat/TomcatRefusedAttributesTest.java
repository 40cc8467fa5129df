package io.tlsresume.tomcat;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.tlsresume.core.AttributeTable.Attribute;
import io.tlsresume.core.AttributeTable.Status;
import io.tlsresume.testkit.LogCapture;
import io.tlsresume.testkit.TestNodes;
import java.util.Map;
import java.util.TreeSet;
import java.util.function.Consumer;
import java.util.stream.Stream;
import org.apache.catalina.LifecycleState;
import org.apache.tomcat.util.net.openssl.OpenSSLConf;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Each attribute {@link TomcatTlsAttributes} refuses, set on an otherwise working embedded Tomcat
 * (the tlsresume connector and listener), fails that connector; Tomcat's log names the host
 * config, the attribute as written in {@code server.xml} and the reason of
 * {@code docs/parity.md}, and the rest of Tomcat keeps running.
 */
class TomcatRefusedAttributesTest {

    /** A non-default value for every refused attribute, set as server.xml would. */
    static final Map<String, Consumer<EmbeddedTomcat>> SETTINGS = Map.ofEntries(
            Map.entry("sslProtocol", t -> t.hostConfig.setSslProtocol("TLSv1.3")),
            Map.entry("sessionTimeout", t -> t.hostConfig.setSessionTimeout(300)),
            Map.entry("sessionCacheSize", t -> t.hostConfig.setSessionCacheSize(1000)),
            Map.entry("disableSessionTickets", t -> t.hostConfig.setDisableSessionTickets(true)),
            Map.entry("cipherSuites", t -> t.hostConfig.setCipherSuites(
                    "TLS_AES_128_GCM_SHA256")),
            Map.entry("insecureRenegotiation", t -> t.hostConfig.setInsecureRenegotiation(true)),
            Map.entry("OpenSSLConf", t -> t.hostConfig.setOpenSslConf(new OpenSSLConf())),
            Map.entry("caCertificatePath", t -> t.hostConfig.setCaCertificatePath("conf/ca")),
            Map.entry("certificateRevocationListPath",
                    t -> t.hostConfig.setCertificateRevocationListPath("conf/crl")),
            Map.entry("ocspTimeout", t -> t.hostConfig.setOcspTimeout(1000)),
            Map.entry("ocspVerifyFlags", t -> t.hostConfig.setOcspVerifyFlags(0x20)));

    @Test
    void everyRefusedAttributeHasACase() {
        assertEquals(new TreeSet<>(refused().toList()), new TreeSet<>(SETTINGS.keySet()));
    }

    static Stream<String> refused() {
        return Stream.concat(TomcatTlsAttributes.HOST.attributes().values().stream(),
                        TomcatTlsAttributes.CERTIFICATE.attributes().values().stream())
                .filter(a -> a.status() == Status.REFUSED).map(Attribute::name);
    }

    @ParameterizedTest
    @MethodSource("refused")
    void settingItFailsTheConnectorNamingIt(String attribute) {
        boolean onHost = TomcatTlsAttributes.HOST.get(attribute).isPresent();
        Attribute<?> row = onHost ? TomcatTlsAttributes.HOST.get(attribute).orElseThrow()
                : TomcatTlsAttributes.CERTIFICATE.get(attribute).orElseThrow();
        String element = onHost ? "" : "Certificate ";
        String log = startFailing(SETTINGS.get(attribute));
        assertTrue(log.contains("SSLHostConfig _default_ " + element + attribute + ": "
                + row.detail()), log);
    }

    private static String startFailing(Consumer<EmbeddedTomcat> tweak) {
        try (LogCapture capture = new LogCapture();
                EmbeddedTomcat tomcat = new EmbeddedTomcat(new TestNodes(1).properties(0))) {
            tweak.accept(tomcat);
            tomcat.start();
            assertEquals(LifecycleState.FAILED, tomcat.connector.getState());
            assertEquals(LifecycleState.STARTED, tomcat.tomcat.getServer().getState(),
                    "the rest of Tomcat runs");
            return capture.text();
        }
    }
}
