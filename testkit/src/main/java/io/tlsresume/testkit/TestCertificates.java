package io.tlsresume.testkit;

import io.tlsresume.core.KeySource;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyStore;
import java.security.GeneralSecurityException;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import javax.net.ssl.SSLContext;
import javax.net.ssl.TrustManagerFactory;

/**
 * A self-signed localhost certificate made once per JVM with the JDK's own {@code keytool}:
 * a PKCS12 key store for the servers and a PEM copy of the certificate for clients to trust.
 */
public final class TestCertificates {
    public static final String PASSWORD = "changeit";
    /** Set in child JVMs so they use the parent test's certificate. */
    public static final String DIR_PROPERTY = "tlsresume.test.certs";
    private static TestCertificates instance;

    private final Path dir;
    private final Path keyStore;
    private final Path certificatePem;

    private TestCertificates(Path dir) {
        this.dir = dir;
        this.keyStore = dir.resolve("server.p12");
        this.certificatePem = dir.resolve("server.pem");
    }

    /** The shared EC P-256 certificate for CN=localhost (SAN localhost, 127.0.0.1). */
    public static synchronized TestCertificates get() {
        if (instance == null && System.getProperty(DIR_PROPERTY) != null) {
            // A child JVM of a test: serve the parent's certificate.
            instance = new TestCertificates(Path.of(System.getProperty(DIR_PROPERTY)));
        }
        if (instance == null) {
            // Private keys: deleted when this JVM exits (child JVMs only borrow the folder).
            TestCertificates certs = new TestCertificates(TempFiles.directory("tlsresume-certs"));
            certs.generate("server", "EC");
            instance = certs;
        }
        return instance;
    }

    /** Makes another, unrelated certificate in the same folder (for negative tests). */
    public synchronized Path generateOther(String alias, String algorithm) {
        return generate(alias, algorithm);
    }

    private Path generate(String alias, String algorithm) {
        Path store = dir.resolve(alias + ".p12");
        List<String> cmd = new ArrayList<>(List.of(keytool(), "-genkeypair", "-alias", alias,
                "-keyalg", algorithm));
        cmd.addAll(algorithm.equals("EC") ? List.of("-groupname", "secp256r1")
                : List.of("-keysize", "2048"));
        cmd.addAll(List.of("-dname", "CN=localhost", "-ext", "san=dns:localhost,ip:127.0.0.1",
                "-validity", "30", "-storetype", "PKCS12", "-keystore", store.toString(),
                "-storepass", PASSWORD, "-keypass", PASSWORD));
        run(cmd);
        run(List.of(keytool(), "-exportcert", "-rfc", "-alias", alias, "-keystore",
                store.toString(), "-storepass", PASSWORD, "-file",
                dir.resolve(alias + ".pem").toString()));
        return store;
    }

    /**
     * Makes a test CA (EC P-256, basic constraints CA) and returns its PEM certificate; its key
     * store {@code <alias>.p12} stays in the folder to issue leaves with
     * {@link #generateIssued}.
     */
    public synchronized Path generateCa(String alias) {
        Path store = dir.resolve(alias + ".p12");
        Path pem = dir.resolve(alias + ".pem");
        run(List.of(keytool(), "-genkeypair", "-alias", alias, "-keyalg", "EC", "-groupname",
                "secp256r1", "-dname", "CN=tlsresume test CA " + alias, "-ext", "bc:c",
                "-validity", "30", "-storetype", "PKCS12", "-keystore", store.toString(),
                "-storepass", PASSWORD, "-keypass", PASSWORD));
        run(List.of(keytool(), "-exportcert", "-rfc", "-alias", alias, "-keystore",
                store.toString(), "-storepass", PASSWORD, "-file", pem.toString()));
        return pem;
    }

    /**
     * Makes a localhost leaf certificate with its own key, issued by the CA made by
     * {@link #generateCa(String)}, and returns its PKCS12 key store (chain: leaf, CA).
     */
    public synchronized Path generateIssued(String alias, String caAlias) {
        Path store = dir.resolve(alias + ".p12");
        Path csr = dir.resolve(alias + ".csr");
        Path cert = dir.resolve(alias + ".pem");
        Path ca = dir.resolve(caAlias + ".p12");
        run(List.of(keytool(), "-genkeypair", "-alias", alias, "-keyalg", "EC", "-groupname",
                "secp256r1", "-dname", "CN=localhost", "-validity", "30", "-storetype", "PKCS12",
                "-keystore", store.toString(), "-storepass", PASSWORD, "-keypass", PASSWORD));
        run(List.of(keytool(), "-certreq", "-alias", alias, "-keystore", store.toString(),
                "-storepass", PASSWORD, "-file", csr.toString()));
        run(List.of(keytool(), "-gencert", "-rfc", "-alias", caAlias, "-keystore", ca.toString(),
                "-storepass", PASSWORD, "-infile", csr.toString(), "-outfile", cert.toString(),
                "-ext", "san=dns:localhost,ip:127.0.0.1", "-validity", "30"));
        // The CA goes in first so keytool can build the chain of the reply.
        run(List.of(keytool(), "-importcert", "-noprompt", "-alias", caAlias, "-file",
                dir.resolve(caAlias + ".pem").toString(), "-keystore", store.toString(),
                "-storepass", PASSWORD));
        run(List.of(keytool(), "-importcert", "-alias", alias, "-file", cert.toString(),
                "-keystore", store.toString(), "-storepass", PASSWORD));
        return store;
    }

    /** A key source for a key store made here. */
    public static KeySource keySourceOf(Path store) {
        return KeySource.keyStore(store, "PKCS12", PASSWORD.toCharArray(), "",
                PASSWORD.toCharArray());
    }

    /** The folder holding the files, for child JVMs ({@link #DIR_PROPERTY}). */
    public Path dir() {
        return dir;
    }

    public Path keyStore() {
        return keyStore;
    }

    public Path certificatePem() {
        return certificatePem;
    }

    public KeySource keySource() {
        return KeySource.keyStore(keyStore, "PKCS12", PASSWORD.toCharArray(), "",
                PASSWORD.toCharArray());
    }

    /** A client SSLContext that trusts only this certificate. */
    public SSLContext clientContext(String protocol) {
        try (InputStream in = Files.newInputStream(keyStore)) {
            KeyStore store = KeyStore.getInstance("PKCS12");
            store.load(in, PASSWORD.toCharArray());
            KeyStore trust = KeyStore.getInstance("PKCS12");
            trust.load(null, null);
            trust.setCertificateEntry("server", store.getCertificate("server"));
            TrustManagerFactory tmf = TrustManagerFactory.getInstance("PKIX");
            tmf.init(trust);
            SSLContext context = SSLContext.getInstance(protocol);
            context.init(null, tmf.getTrustManagers(), null);
            return context;
        } catch (IOException | GeneralSecurityException e) {
            throw new IllegalStateException(e);
        }
    }

    private static String keytool() {
        return Path.of(System.getProperty("java.home"), "bin", "keytool").toString();
    }

    private static void run(List<String> cmd) {
        try {
            Process p = new ProcessBuilder(cmd).redirectErrorStream(true).start();
            String out = new String(p.getInputStream().readAllBytes());
            if (!p.waitFor(60, TimeUnit.SECONDS) || p.exitValue() != 0) {
                throw new IllegalStateException("keytool failed: " + out);
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }
}
