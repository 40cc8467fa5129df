package io.tlsresume.tomcat;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;

import io.tlsresume.testkit.TestPki;
import org.apache.tomcat.util.net.SSLHostConfig;
import org.junit.jupiter.api.Test;

/**
 * What {@link HostScopes#of} derives the scope from: the host name and the client-certificate
 * trust, never the server's own certificate, and the trust store's form does not matter.
 */
class HostScopesTest {
    private static final TestPki.Issued RENEWED = TestHosts.CA.server("server-ec-renewed",
            TestPki.KeyAlg.EC, "localhost");

    @Test
    void sameHostAndTrustGiveTheSameScopeWhateverTheServerCertificate() {
        assertEquals(HostScopes.of(TestHosts.requiring("required")),
                HostScopes.of(TestHosts.verifying(TestHosts.host("_default_", RENEWED),
                        "required", TestHosts.CA.trustStoreP12())));
    }

    @Test
    void trustStoreFileAndTrustStoreObjectGiveTheSameScope() {
        SSLHostConfig inMemory = TestHosts.host("_default_", TestHosts.SERVER_EC);
        inMemory.setCertificateVerification("required");
        inMemory.setTrustStore(TestHosts.CA.trustStore());
        assertEquals(HostScopes.of(TestHosts.requiring("required")), HostScopes.of(inMemory));
    }

    @Test
    void hostNameChangesTheScope() {
        assertNotEquals(HostScopes.of(TestHosts.host("a.test", TestHosts.SERVER_EC)),
                HostScopes.of(TestHosts.host("b.test", TestHosts.SERVER_EC)));
    }

    @Test
    void hostNameIsComparedInLowerCase() {
        assertEquals(HostScopes.of(TestHosts.host("A.Test", TestHosts.SERVER_EC)),
                HostScopes.of(TestHosts.host("a.test", TestHosts.SERVER_EC)));
    }

    @Test
    void verificationModeChangesTheScope() {
        assertNotEquals(HostScopes.of(TestHosts.requiring("required")),
                HostScopes.of(TestHosts.requiring("optional")));
        assertNotEquals(HostScopes.of(TestHosts.requiring("optional")),
                HostScopes.of(TestHosts.requiring("optionalNoCA")));
        assertNotEquals(HostScopes.of(TestHosts.requiring("optionalNoCA")),
                HostScopes.of(TestHosts.host("_default_", TestHosts.SERVER_EC)));
    }

    @Test
    void trustAnchorsChangeTheScope() {
        SSLHostConfig both = TestHosts.host("_default_", TestHosts.SERVER_EC);
        both.setCertificateVerification("required");
        both.setTrustStore(TestHosts.trustStore(TestHosts.CA, TestHosts.OTHER_CA));
        assertNotEquals(HostScopes.of(TestHosts.requiring("required")), HostScopes.of(both));
    }

    @Test
    void verificationDepthAndRevocationChangeTheScope() {
        SSLHostConfig depth = TestHosts.requiring("required");
        depth.setCertificateVerificationDepth(1);
        assertNotEquals(HostScopes.of(TestHosts.requiring("required")), HostScopes.of(depth));
        SSLHostConfig revocation = TestHosts.requiring("required");
        revocation.setRevocationEnabled(true);
        assertNotEquals(HostScopes.of(TestHosts.requiring("required")),
                HostScopes.of(revocation));
    }
}
