package io.tlsresume.testkit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.tlsresume.testkit.TestPki.KeyAlg;
import io.tlsresume.testkit.TestPki.KeyForm;
import java.nio.file.Files;
import java.security.KeyStore;
import java.security.cert.CertPathValidator;
import java.security.cert.CertPathValidatorException;
import java.security.cert.CertificateFactory;
import java.security.cert.PKIXParameters;
import java.security.cert.X509Certificate;
import java.util.List;
import org.junit.jupiter.api.Test;

class TestPkiTest {

    @Test
    void issuesChainsThatValidateAgainstTheirOwnCaOnly() throws Exception {
        TestPki pki = TestPki.create("one");
        TestPki other = TestPki.create("two");
        TestPki.Issued server = pki.server("a", KeyAlg.RSA, "a.test");
        TestPki.Issued client = pki.client("c", KeyAlg.EC, "client one");

        KeyStore store = server.keyStore();
        assertEquals(2, store.getCertificateChain("a").length);
        X509Certificate leaf = (X509Certificate) store.getCertificate("a");
        assertEquals("CN=a.test", leaf.getSubjectX500Principal().getName());
        assertTrue(leaf.getSubjectAlternativeNames().toString().contains("a.test"));
        assertEquals("RSA", leaf.getPublicKey().getAlgorithm());

        validate(client.chainPem(), pki);
        assertThrows(CertPathValidatorException.class, () -> validate(client.chainPem(), other));

        assertTrue(Files.readString(server.keyPem(KeyForm.PKCS8)).contains("BEGIN PRIVATE KEY"));
        assertTrue(Files.readString(server.keyPem(KeyForm.PKCS8_ENCRYPTED))
                .contains("BEGIN ENCRYPTED PRIVATE KEY"));
        assertTrue(Files.readString(server.keyPem(KeyForm.TRADITIONAL))
                .contains("BEGIN RSA PRIVATE KEY"));
        assertTrue(Files.readString(client.keyPem(KeyForm.TRADITIONAL))
                .contains("BEGIN EC PRIVATE KEY"));
    }

    private static void validate(java.nio.file.Path chainPem, TestPki trust) throws Exception {
        CertificateFactory cf = CertificateFactory.getInstance("X.509");
        List<? extends java.security.cert.Certificate> chain;
        try (var in = Files.newInputStream(chainPem)) {
            chain = List.copyOf(cf.generateCertificates(in));
        }
        PKIXParameters params = new PKIXParameters(trust.trustStore());
        params.setRevocationEnabled(false);
        CertPathValidator.getInstance("PKIX").validate(cf.generateCertPath(chain.subList(0, 1)),
                params);
    }
}
