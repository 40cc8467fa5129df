package io.tlsresume.core;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.tlsresume.core.engine.ServerTlsContext;
import io.tlsresume.core.engine.TlsContextOptions;
import io.tlsresume.testkit.NettyTestServer;
import io.tlsresume.testkit.OpenSslClient;
import io.tlsresume.testkit.TempFiles;
import io.tlsresume.testkit.TestNodes;
import io.tlsresume.testkit.TestPki;
import io.tlsresume.testkit.TestPki.KeyAlg;
import io.tlsresume.testkit.TestPki.KeyForm;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyStore;
import java.security.PrivateKey;
import java.security.Signature;
import java.security.cert.X509Certificate;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.function.Function;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * Key material as users supply it: PEM keys in every form OpenSSL writes, a key store object,
 * a key and chain in memory. Each loads and serves a real handshake; each mistake is a
 * {@link SettingsException} naming the setting as the user wrote it.
 */
class KeySourceFormsTest {
    private static final Function<Setting, String> TOMCAT_NAMES = setting -> switch (setting) {
        case PEM_PRIVATE_KEY -> "certificateKeyFile";
        case PEM_KEY_PASSWORD -> "certificateKeyPassword";
        case KEY_ALIAS -> "certificateKeyAlias";
        case KEY_PASSWORD -> "certificateKeyPassword";
        default -> setting.property();
    };

    private static TestPki pki;
    private static ResumptionNode node;

    @BeforeAll
    static void start() {
        pki = TestPki.create("keyforms");
        node = ResumptionNode.start(new TestNodes(1).settings(0,
                b -> b.set("cluster.mode", "none")));
    }

    @AfterAll
    static void stop() {
        if (node != null) {
            node.close();
        }
    }

    enum Pem {
        RSA_PKCS8(KeyAlg.RSA, KeyForm.PKCS8, "PRIVATE KEY"),
        RSA_PKCS8_ENCRYPTED(KeyAlg.RSA, KeyForm.PKCS8_ENCRYPTED, "ENCRYPTED PRIVATE KEY"),
        RSA_PKCS1(KeyAlg.RSA, KeyForm.TRADITIONAL, "RSA PRIVATE KEY"),
        EC_PKCS8(KeyAlg.EC, KeyForm.PKCS8, "PRIVATE KEY"),
        EC_PKCS8_ENCRYPTED(KeyAlg.EC, KeyForm.PKCS8_ENCRYPTED, "ENCRYPTED PRIVATE KEY"),
        EC_SEC1(KeyAlg.EC, KeyForm.TRADITIONAL, "EC PRIVATE KEY");

        final KeyAlg alg;
        final KeyForm form;
        final String label;

        Pem(KeyAlg alg, KeyForm form, String label) {
            this.alg = alg;
            this.form = form;
            this.label = label;
        }
    }

    @ParameterizedTest
    @EnumSource(Pem.class)
    void pemKeyFormServesHandshakes(Pem pem) throws Exception {
        TestPki.Issued server = pki.server("pem-" + pem.name().toLowerCase(), pem.alg,
                "localhost");
        Path keyFile = server.keyPem(pem.form);
        assertTrue(Files.readString(keyFile).startsWith("-----BEGIN " + pem.label + "-----"),
                "the file is in the form under test");
        KeySource keys = KeySource.pem(server.chainPem(), keyFile,
                pem.form == KeyForm.PKCS8_ENCRYPTED ? TestPki.PASSWORD : "");
        assertServes(keys, server);
    }

    /** OpenSSL's legacy encryption of traditional keys ({@code Proc-Type}, {@code DEK-Info}). */
    @ParameterizedTest
    @EnumSource(KeyAlg.class)
    void legacyEncryptedTraditionalKeyServesHandshakes(KeyAlg alg) throws Exception {
        TestPki.Issued server = pki.server("legacy-" + alg.name().toLowerCase(), alg,
                "localhost");
        Path keyFile = legacyEncrypted(server, alg, alg == KeyAlg.RSA ? "-aes256" : "-des3",
                "s3cret");
        assertTrue(Files.readString(keyFile).contains("Proc-Type: 4,ENCRYPTED"));
        assertServes(KeySource.pem(server.chainPem(), keyFile, "s3cret"), server);

        var wrong = assertThrows(SettingsException.class, () -> node.newServerContext(
                KeySource.pem(server.chainPem(), keyFile, "wrong", TOMCAT_NAMES),
                TlsContextOptions.defaults()));
        assertEquals("certificateKeyPassword", wrong.settingName(), wrong.getMessage());
    }

    @Test
    void wrongPasswordNamesThePasswordSetting() {
        TestPki.Issued server = pki.server("wrong-password", KeyAlg.EC, "localhost");
        Path keyFile = server.keyPem(KeyForm.PKCS8_ENCRYPTED);
        var wrong = assertThrows(SettingsException.class, () -> node.newServerContext(
                KeySource.pem(server.chainPem(), keyFile, "not-" + TestPki.PASSWORD),
                TlsContextOptions.defaults()));
        assertEquals(Setting.PEM_KEY_PASSWORD.property(), wrong.settingName());
        assertTrue(wrong.getMessage().contains("wrong password"), wrong.getMessage());
        assertFalse(wrong.getMessage().contains(TestPki.PASSWORD), "no password in messages");

        var missing = assertThrows(SettingsException.class, () -> node.newServerContext(
                KeySource.pem(server.chainPem(), keyFile, "", TOMCAT_NAMES),
                TlsContextOptions.defaults()));
        assertEquals("certificateKeyPassword", missing.settingName());
        assertTrue(missing.getMessage().contains("encrypted"), missing.getMessage());
    }

    @Test
    void unsupportedFormNamesTheKeySetting() throws IOException {
        TestPki.Issued server = pki.server("unsupported", KeyAlg.EC, "localhost");
        Path openssh = TempFiles.file("tlsresume-openssh", ".key");
        Files.writeString(openssh, "-----BEGIN OPENSSH PRIVATE KEY-----\nb3BlbnNzaC1rZXktdjEAAAAA\n"
                + "-----END OPENSSH PRIVATE KEY-----\n");
        var unsupported = assertThrows(SettingsException.class, () -> node.newServerContext(
                KeySource.pem(server.chainPem(), openssh, "", TOMCAT_NAMES),
                TlsContextOptions.defaults()));
        assertEquals("certificateKeyFile", unsupported.settingName());
        assertTrue(unsupported.getMessage().contains("OPENSSH PRIVATE KEY"),
                unsupported.getMessage());

        var certificateOnly = assertThrows(SettingsException.class, () -> node.newServerContext(
                KeySource.pem(server.chainPem(), server.certPem(), ""),
                TlsContextOptions.defaults()));
        assertEquals(Setting.PEM_PRIVATE_KEY.property(), certificateOnly.settingName());
        assertTrue(certificateOnly.getMessage().contains("no PEM private key"),
                certificateOnly.getMessage());
    }

    @Test
    void keyStoreObjectServesHandshakes() throws Exception {
        TestPki.Issued server = pki.server("object", KeyAlg.RSA, "localhost");
        KeyStore store = server.keyStore();
        KeySource keys = KeySource.keyStore(store, "", TestPki.PASSWORD.toCharArray(),
                "in-memory key store", TOMCAT_NAMES);
        assertServes(keys, server);
        assertEquals("KeyStoreObjectSource[in-memory key store]", keys.toString());
    }

    @Test
    void keyStoreObjectMistakesNameTheirSetting() throws Exception {
        TestPki.Issued first = pki.server("first", KeyAlg.EC, "localhost");
        TestPki.Issued second = pki.server("second", KeyAlg.EC, "localhost");
        KeyStore two = first.keyStore();
        KeyStore other = second.keyStore();
        two.setKeyEntry("second", other.getKey("second", TestPki.PASSWORD.toCharArray()),
                TestPki.PASSWORD.toCharArray(), other.getCertificateChain("second"));

        var ambiguous = assertThrows(SettingsException.class, () -> KeySource.keyStore(two, "",
                TestPki.PASSWORD.toCharArray(), "bundle 'web'", TOMCAT_NAMES).loadPrivateKey());
        assertEquals("certificateKeyAlias", ambiguous.settingName());
        assertTrue(ambiguous.getMessage().contains("2 key entries"), ambiguous.getMessage());

        var missing = assertThrows(SettingsException.class, () -> KeySource.keyStore(two, "third",
                TestPki.PASSWORD.toCharArray(), "bundle 'web'", TOMCAT_NAMES).loadPrivateKey());
        assertEquals("certificateKeyAlias", missing.settingName());

        var wrongPassword = assertThrows(SettingsException.class, () -> KeySource.keyStore(two,
                "second", "nope".toCharArray(), "bundle 'web'", TOMCAT_NAMES).loadPrivateKey());
        assertEquals("certificateKeyPassword", wrongPassword.settingName());

        assertServes(KeySource.keyStore(two, "second", TestPki.PASSWORD.toCharArray(),
                "bundle 'web'", TOMCAT_NAMES), second);
    }

    @Test
    void keyAndChainInMemoryServeHandshakes() throws Exception {
        TestPki.Issued server = pki.server("memory", KeyAlg.EC, "localhost");
        KeySource pem = KeySource.pem(server.chainPem(), server.keyPem(KeyForm.PKCS8), "");
        KeySource keys = KeySource.inMemory(pem.loadPrivateKey(), pem.certificateChain(),
                "Spring SSL bundle 'web'");
        assertServes(keys, server);
        assertEquals("InMemorySource[Spring SSL bundle 'web']", keys.toString());
    }

    /** The key pairs with the leaf certificate and a real client completes a handshake. */
    private static void assertServes(KeySource keys, TestPki.Issued server) throws Exception {
        List<X509Certificate> chain = keys.certificateChain();
        assertEquals(2, chain.size());
        assertPairs(keys.loadPrivateKey(), chain.get(0));
        ServerTlsContext context = node.newServerContext(keys, TlsContextOptions.defaults());
        try (NettyTestServer tls = new NettyTestServer("keys", context)) {
            for (String protocol : List.of("tls1_2", "tls1_3")) {
                OpenSslClient.Result result = OpenSslClient.connect(tls.port(), protocol, null,
                        null, "-CAfile", pki.caPem().toString(), "-verify_return_error");
                assertEquals("keys", result.node(), result.output());
                assertTrue(result.output().contains("Verify return code: 0 (ok)"),
                        result.output());
            }
        } finally {
            node.release(context);
        }
        assertTrue(Files.readString(server.certPem()).contains("BEGIN CERTIFICATE"));
    }

    private static void assertPairs(PrivateKey key, X509Certificate leaf)
            throws GeneralSecurityException {
        String algorithm = key.getAlgorithm().equals("EC") ? "SHA256withECDSA" : "SHA256withRSA";
        Signature signer = Signature.getInstance(algorithm);
        signer.initSign(key);
        signer.update(new byte[] {1, 2, 3});
        byte[] signature = signer.sign();
        Signature verifier = Signature.getInstance(algorithm);
        verifier.initVerify(leaf.getPublicKey());
        verifier.update(new byte[] {1, 2, 3});
        assertTrue(verifier.verify(signature), "the key belongs to the leaf certificate");
    }

    /** {@code server}'s key written by {@code openssl rsa|ec <cipher>} in the legacy form. */
    private static Path legacyEncrypted(TestPki.Issued server, KeyAlg alg, String cipher,
            String password) throws IOException, InterruptedException {
        Path out = server.dir().resolve(server.alias() + ".legacy.key");
        Process p = new ProcessBuilder("openssl", alg == KeyAlg.RSA ? "rsa" : "ec", "-in",
                server.keyPem(KeyForm.PKCS8).toString(), "-traditional", cipher, "-passout",
                "pass:" + password, "-out", out.toString()).redirectErrorStream(true).start();
        String output = new String(p.getInputStream().readAllBytes());
        assertTrue(p.waitFor(60, TimeUnit.SECONDS) && p.exitValue() == 0, output);
        return out;
    }
}
