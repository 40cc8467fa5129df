package io.tlsresume.tomcat;

import io.tlsresume.testkit.TestPki;
import java.security.KeyStore;
import java.security.SecureRandom;
import java.util.List;
import javax.net.ssl.KeyManagerFactory;
import javax.net.ssl.SSLContext;
import javax.net.ssl.TrustManagerFactory;
import org.apache.tomcat.util.net.SSLHostConfig;
import org.apache.tomcat.util.net.SSLHostConfigCertificate;

/**
 * The PKI and the {@code <SSLHostConfig>}s of the client-certificate, virtual-host and
 * certificate tests, written as a user writes them (attribute setters only).
 */
final class TestHosts {
    /** The CA of the servers and of the trusted clients. */
    static final TestPki CA = TestPki.create("tomcat");
    /** A CA no server trusts. */
    static final TestPki OTHER_CA = TestPki.create("tomcat-other");
    static final TestPki.Issued SERVER_EC = CA.server("server-ec", TestPki.KeyAlg.EC, "localhost");
    static final TestPki.Issued ALICE = CA.client("alice", TestPki.KeyAlg.EC, "alice");
    static final TestPki.Issued MALLORY = OTHER_CA.client("mallory", TestPki.KeyAlg.EC,
            "mallory");

    private TestHosts() {
    }

    /** A host config serving {@code certificates} from their PKCS12 files, typed by key. */
    static SSLHostConfig host(String hostName, TestPki.Issued... certificates) {
        SSLHostConfig host = new SSLHostConfig();
        host.setHostName(hostName);
        for (TestPki.Issued issued : certificates) {
            host.addCertificate(keyStoreCertificate(host, issued, certificates.length > 1));
        }
        return host;
    }

    /** A {@code <Certificate certificateKeystoreFile=... type=...>} of {@code issued}. */
    static SSLHostConfigCertificate keyStoreCertificate(SSLHostConfig host, TestPki.Issued issued,
            boolean typed) {
        SSLHostConfigCertificate certificate = new SSLHostConfigCertificate(host,
                typed ? type(issued) : SSLHostConfigCertificate.Type.UNDEFINED);
        certificate.setCertificateKeystoreFile(issued.p12().toString());
        certificate.setCertificateKeystorePassword(TestPki.PASSWORD);
        certificate.setCertificateKeystoreType("PKCS12");
        return certificate;
    }

    private static SSLHostConfigCertificate.Type type(TestPki.Issued issued) {
        try {
            String algorithm = issued.keyStore().getCertificate(issued.alias()).getPublicKey()
                    .getAlgorithm();
            return algorithm.equals("EC") ? SSLHostConfigCertificate.Type.EC
                    : SSLHostConfigCertificate.Type.RSA;
        } catch (java.security.KeyStoreException e) {
            throw new IllegalStateException(e);
        }
    }

    /**
     * {@code certificateVerification=verification} with {@code truststoreFile} holding the CAs
     * of {@code trusted} (a PKCS12 trust store file).
     */
    static SSLHostConfig verifying(SSLHostConfig host, String verification,
            java.nio.file.Path trustStoreFile) {
        host.setCertificateVerification(verification);
        host.setTruststoreFile(trustStoreFile.toString());
        host.setTruststorePassword(TestPki.PASSWORD);
        host.setTruststoreType("PKCS12");
        return host;
    }

    /** The default host serving {@link #SERVER_EC}, asking for client certificates of CA. */
    static SSLHostConfig requiring(String verification) {
        return verifying(host("_default_", SERVER_EC), verification, CA.trustStoreP12());
    }

    /** A JDK client context presenting {@code client} (or none) and trusting {@link #CA}. */
    static SSLContext clientContext(TestPki.Issued client) {
        try {
            KeyManagerFactory keys = KeyManagerFactory.getInstance("PKIX");
            keys.init(client == null ? null : client.keyStore(), TestPki.PASSWORD.toCharArray());
            TrustManagerFactory trust = TrustManagerFactory.getInstance("PKIX");
            trust.init(CA.trustStore());
            SSLContext context = SSLContext.getInstance("TLS");
            context.init(keys.getKeyManagers(), trust.getTrustManagers(), new SecureRandom());
            return context;
        } catch (java.security.GeneralSecurityException e) {
            throw new IllegalStateException(e);
        }
    }

    /** {@code openssl s_client} arguments presenting {@code client}'s certificate and key. */
    static List<String> clientCertificateArgs(TestPki.Issued client) {
        return List.of("-cert", client.certPem().toString(), "-key",
                client.keyPem(TestPki.KeyForm.PKCS8).toString());
    }

    /** A trust store object holding the CAs of {@code pkis}. */
    static KeyStore trustStore(TestPki... pkis) {
        try {
            KeyStore store = KeyStore.getInstance("PKCS12");
            store.load(null, null);
            for (TestPki pki : pkis) {
                KeyStore one = pki.trustStore();
                for (String alias : java.util.Collections.list(one.aliases())) {
                    store.setCertificateEntry(alias, one.getCertificate(alias));
                }
            }
            return store;
        } catch (java.io.IOException | java.security.GeneralSecurityException e) {
            throw new IllegalStateException(e);
        }
    }
}
