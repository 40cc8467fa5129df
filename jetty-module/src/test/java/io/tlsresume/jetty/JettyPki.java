package io.tlsresume.jetty;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.tlsresume.testkit.OpenSslClient;
import io.tlsresume.testkit.TempFiles;
import io.tlsresume.testkit.TestCertificates;
import io.tlsresume.testkit.TestPki;
import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyStore;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import javax.net.ssl.KeyManagerFactory;
import javax.net.ssl.SSLContext;
import javax.net.ssl.TrustManagerFactory;

/**
 * The certificates of the Jetty client-certificate and SNI tests, made once per JVM: a client CA
 * and an unrelated one, a client certificate from each, and key stores holding several entries;
 * plus the client-side checks those tests share.
 */
final class JettyPki {
    static final String PASSWORD = TestPki.PASSWORD;
    private static final Pattern SERVER_CERTIFICATE = Pattern.compile(
            "-----BEGIN CERTIFICATE-----[^-]+-----END CERTIFICATE-----");
    private static JettyPki instance;

    /** The CA the servers trust for client certificates. */
    final TestPki ca = TestPki.create("jetty-clients");
    /** A CA no server trusts (the tests with two trust configurations trust it on one). */
    final TestPki other = TestPki.create("jetty-other");
    /** CN=client-one, issued by {@link #ca}. */
    final TestPki.Issued client = ca.client("client-one", TestPki.KeyAlg.EC, "client-one");
    /** CN=stranger, issued by {@link #other}. */
    final TestPki.Issued stranger = other.client("stranger", TestPki.KeyAlg.RSA, "stranger");

    private JettyPki() {
    }

    static synchronized JettyPki get() {
        if (instance == null) {
            instance = new JettyPki();
        }
        return instance;
    }

    /** The s_client arguments presenting {@code issued} as the client certificate. */
    static String[] certArgs(TestPki.Issued issued, String... more) {
        List<String> args = new ArrayList<>(List.of("-cert", issued.certPem().toString(),
                "-key", issued.keyPem(TestPki.KeyForm.PKCS8).toString()));
        args.addAll(List.of(more));
        return args.toArray(String[]::new);
    }

    /** A PKCS12 file (password {@link #PASSWORD}) with each entry under its alias. */
    static Path keyStoreOf(TestPki.Issued... entries) {
        try {
            KeyStore store = KeyStore.getInstance("PKCS12");
            store.load(null, null);
            for (TestPki.Issued issued : entries) {
                KeyStore one = issued.keyStore();
                store.setKeyEntry(issued.alias(), one.getKey(issued.alias(),
                        PASSWORD.toCharArray()), PASSWORD.toCharArray(),
                        one.getCertificateChain(issued.alias()));
            }
            Path file = TempFiles.file("tlsresume-jetty-keys", ".p12");
            try (OutputStream out = Files.newOutputStream(file)) {
                store.store(out, PASSWORD.toCharArray());
            }
            return file;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException(e);
        }
    }

    /** A trust store object holding the CA certificates of {@code pkis}. */
    static KeyStore trustStoreOf(TestPki... pkis) {
        try {
            KeyStore trust = KeyStore.getInstance("PKCS12");
            trust.load(null, null);
            int i = 0;
            for (TestPki pki : pkis) {
                KeyStore one = pki.trustStore();
                String alias = one.aliases().nextElement();
                trust.setCertificateEntry("ca" + i++, one.getCertificate(alias));
            }
            return trust;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException(e);
        }
    }

    /**
     * A JDK client context presenting {@code issued} through a {@code KeyManager} and trusting
     * the servers' test certificate.
     */
    static SSLContext clientContext(TestPki.Issued issued) {
        try {
            KeyManagerFactory keys = KeyManagerFactory.getInstance(
                    KeyManagerFactory.getDefaultAlgorithm());
            keys.init(issued.keyStore(), PASSWORD.toCharArray());
            TrustManagerFactory trust = TrustManagerFactory.getInstance(
                    TrustManagerFactory.getDefaultAlgorithm());
            trust.init(TestPki.load(TestCertificates.get().keyStore()));
            SSLContext context = SSLContext.getInstance("TLS");
            context.init(keys.getKeyManagers(), trust.getTrustManagers(), null);
            return context;
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException(e);
        }
    }

    /** The leaf certificate the server sent, as s_client printed it. */
    static String servedCertificate(OpenSslClient.Result result) {
        Matcher m = SERVER_CERTIFICATE.matcher(result.output());
        assertTrue(m.find(), result.output());
        return m.group().replaceAll("\\s", "");
    }

    /** Whether the server sent {@code issued}'s certificate. */
    static boolean served(TestPki.Issued issued, OpenSslClient.Result result) {
        try {
            return servedCertificate(result).equals(
                    Files.readString(issued.certPem()).strip().replaceAll("\\s", ""));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** The server refused the handshake with an alert: no HTTP answer came. */
    static void assertRefused(OpenSslClient.Result result) {
        assertFalse(result.output().contains("HTTP/1.1 "), result.output());
        assertTrue(result.output().contains("alert"), result.output());
    }
}
