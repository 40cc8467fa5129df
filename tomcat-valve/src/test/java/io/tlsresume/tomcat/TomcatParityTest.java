package io.tlsresume.tomcat;

import static org.junit.jupiter.api.Assertions.assertTrue;

import io.tlsresume.core.AttributeTable.Status;
import io.tlsresume.testkit.ParityCheck;
import java.util.Map;
import java.util.Set;
import org.apache.tomcat.util.net.SSLHostConfig;
import org.apache.tomcat.util.net.SSLHostConfigCertificate;
import org.junit.jupiter.api.Test;

/**
 * Every attribute of Tomcat's {@code SSLHostConfig} and {@code SSLHostConfigCertificate} is
 * classified in {@link TomcatTlsAttributes} and documented with the same status in
 * {@code docs/parity.md}: an attribute a Tomcat upgrade adds fails this test until someone
 * decides what tlsresume does with it, so none is ignored silently.
 */
class TomcatParityTest {
    /**
     * Setters Tomcat calls itself (the endpoint's resolved lists, JMX names, native handles,
     * what the engine reports, the context it built): nothing a user configures.
     */
    static final Set<String> HOST_PLUMBING = Set.of("setObjectName", "setEnabledProtocols",
            "setEnabledCiphers", "setOpenSslContext", "setOpenSslConfContext",
            "setTls13RenegotiationAvailable");
    static final Set<String> CERTIFICATE_PLUMBING = Set.of("setObjectName", "setSslContext");

    /** Methods whose attribute the user writes under another name. */
    static final Map<String, String> HOST_RENAMES = Map.of(
            "addCertificate", "Certificate",
            "setCertificateVerificationAsString", "certificateVerification",
            "setOpenSslConf", "OpenSSLConf");

    /**
     * Test classes the tomcat part of issue 13 adds (client certificates, virtual hosts, several
     * certificates, key material); until they arrive each must be missing, after that each
     * must exist.
     */
    static final Set<String> AWAITED = Set.of();

    @Test
    void everySslHostConfigSetterIsClassifiedDocumentedAndTested() {
        Set<String> setters = ParityCheck.setterAttributes(SSLHostConfig.class, HOST_PLUMBING,
                HOST_RENAMES);
        assertTrue(setters.size() > 30, "only " + setters.size() + " setters found: " + setters);
        ParityCheck.check(TomcatTlsAttributes.HOST, setters, Set.of(),
                "## Tomcat 11: SSLHostConfig", "io.tlsresume.tomcat", AWAITED);
    }

    @Test
    void everyCertificateSetterIsClassifiedDocumentedAndTested() {
        Set<String> setters = ParityCheck.setterAttributes(SSLHostConfigCertificate.class,
                CERTIFICATE_PLUMBING, Map.of());
        assertTrue(setters.size() > 10, "only " + setters.size() + " setters found: " + setters);
        // type is a constructor argument (server.xml's <Certificate type="EC">), not a setter.
        ParityCheck.check(TomcatTlsAttributes.CERTIFICATE, setters, Set.of("type"),
                "## Tomcat 11: Certificate", "io.tlsresume.tomcat", AWAITED);
    }

    @Test
    void everyAwaitedTestIsNamedByAnAttribute() {
        assertTrue(ParityCheck.testsNamed(TomcatTlsAttributes.HOST,
                TomcatTlsAttributes.CERTIFICATE).containsAll(AWAITED), AWAITED.toString());
    }

    @Test
    void defaultHostConfigPassesTheGuard() {
        SSLHostConfig host = new SSLHostConfig();
        for (SSLHostConfigCertificate.Type type : SSLHostConfigCertificate.Type.values()) {
            TomcatTlsAttributes.refuseUnsupported(new SSLHostConfigCertificate(host, type));
        }
        assertTrue(TomcatTlsAttributes.HOST.attributes().values().stream()
                .anyMatch(a -> a.status() == Status.REFUSED));
    }
}
