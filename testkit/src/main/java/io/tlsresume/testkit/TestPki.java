package io.tlsresume.testkit;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyStore;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * A small test PKI made with the {@code openssl} command: one CA and the server and client
 * certificates it issues, in the files operators have (PEM certificate, chain, key in each form
 * OpenSSL writes, PKCS12). Several instances are unrelated CAs (for "another CA" tests). Private
 * keys live in a temporary folder deleted when the JVM exits.
 */
public final class TestPki {
    /** Password of every PKCS12 file and encrypted key made here. */
    public static final String PASSWORD = "changeit";

    private final String name;
    private final Path dir;
    private final Path caKey;
    private final Path caPem;

    /** Key algorithms of issued certificates. */
    public enum KeyAlg { RSA, EC }

    /** The PEM forms OpenSSL writes a private key in. */
    public enum KeyForm {
        /** {@code BEGIN PRIVATE KEY} (PKCS#8). */
        PKCS8,
        /** {@code BEGIN ENCRYPTED PRIVATE KEY} (PKCS#8, AES-256, password {@link #PASSWORD}). */
        PKCS8_ENCRYPTED,
        /** {@code BEGIN RSA PRIVATE KEY} or {@code BEGIN EC PRIVATE KEY} (PKCS#1 / SEC1). */
        TRADITIONAL
    }

    /**
     * One issued certificate and its key.
     *
     * @param alias the name of its files and of its PKCS12 entry
     * @param certPem the leaf certificate alone
     * @param chainPem leaf then CA
     * @param p12 PKCS12 with the key and chain under {@code alias}, password {@link #PASSWORD}
     */
    public record Issued(String alias, Path certPem, Path chainPem, Path p12, Path dir) {
        /** The private key as a PEM file in {@code form}. */
        public Path keyPem(KeyForm form) {
            return dir.resolve(alias + "." + form.name().toLowerCase() + ".key");
        }

        /** The PKCS12 file loaded as a key store object (what Spring Boot's bundles hand over). */
        public KeyStore keyStore() {
            return load(p12);
        }
    }

    private TestPki(String name, Path dir) {
        this.name = name;
        this.dir = dir;
        this.caKey = dir.resolve("ca.key");
        this.caPem = dir.resolve("ca.pem");
    }

    /** A new CA named {@code name} (EC P-256) in its own temporary folder. */
    public static TestPki create(String name) {
        TestPki pki = new TestPki(name, TempFiles.directory("tlsresume-pki-" + name));
        pki.openssl("req", "-x509", "-newkey", "ec", "-pkeyopt", "ec_paramgen_curve:P-256",
                "-nodes", "-keyout", pki.caKey.toString(), "-out", pki.caPem.toString(),
                "-days", "30", "-subj", "/CN=tlsresume test CA " + name,
                "-addext", "basicConstraints=critical,CA:TRUE",
                "-addext", "keyUsage=critical,keyCertSign,cRLSign");
        return pki;
    }

    /** The CA certificate (PEM), what a trust store holds. */
    public Path caPem() {
        return caPem;
    }

    /** The folder holding every file of this PKI. */
    public Path dir() {
        return dir;
    }

    /** A PKCS12 trust store holding only this CA, password {@link #PASSWORD}. */
    public Path trustStoreP12() {
        Path store = dir.resolve("truststore.p12");
        if (!Files.exists(store)) {
            try {
                KeyStore trust = trustStore();
                try (var out = Files.newOutputStream(store)) {
                    trust.store(out, PASSWORD.toCharArray());
                }
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            } catch (GeneralSecurityException e) {
                throw new IllegalStateException(e);
            }
        }
        return store;
    }

    /** A key store object holding only this CA as a trusted certificate. */
    public KeyStore trustStore() {
        try (InputStream in = Files.newInputStream(caPem)) {
            KeyStore trust = KeyStore.getInstance("PKCS12");
            trust.load(null, null);
            trust.setCertificateEntry("ca-" + name, java.security.cert.CertificateFactory
                    .getInstance("X.509").generateCertificate(in));
            return trust;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException(e);
        }
    }

    /**
     * A server certificate for {@code dnsNames} (CN is the first; SANs are all, plus
     * {@code 127.0.0.1}), extended key usage serverAuth.
     */
    public Issued server(String alias, KeyAlg alg, String... dnsNames) {
        List<String> san = new ArrayList<>();
        for (String dns : dnsNames) {
            san.add("DNS:" + dns);
        }
        san.add("IP:127.0.0.1");
        return issue(alias, alg, dnsNames[0], "subjectAltName=" + String.join(",", san)
                + "\nextendedKeyUsage=serverAuth\n");
    }

    /** A client certificate with subject {@code CN=<commonName>}, extended key usage clientAuth. */
    public Issued client(String alias, KeyAlg alg, String commonName) {
        return issue(alias, alg, commonName, "extendedKeyUsage=clientAuth\n");
    }

    private synchronized Issued issue(String alias, KeyAlg alg, String commonName,
            String extensions) {
        Path key = dir.resolve(alias + ".pkcs8.key");
        Path csr = dir.resolve(alias + ".csr");
        Path cert = dir.resolve(alias + ".pem");
        Path chain = dir.resolve(alias + ".chain.pem");
        Path ext = dir.resolve(alias + ".ext");
        Path p12 = dir.resolve(alias + ".p12");
        List<String> req = new ArrayList<>(List.of("req", "-new", "-nodes", "-keyout",
                key.toString(), "-out", csr.toString(), "-subj", "/CN=" + commonName));
        req.addAll(alg == KeyAlg.EC ? List.of("-newkey", "ec", "-pkeyopt",
                "ec_paramgen_curve:P-256") : List.of("-newkey", "rsa:2048"));
        openssl(req.toArray(String[]::new));
        try {
            Files.writeString(ext, extensions);
            openssl("x509", "-req", "-in", csr.toString(), "-CA", caPem.toString(), "-CAkey",
                    caKey.toString(), "-set_serial", Long.toString(System.nanoTime()), "-days",
                    "30", "-extfile", ext.toString(), "-out", cert.toString());
            Files.writeString(chain, Files.readString(cert) + Files.readString(caPem));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        openssl("pkey", "-in", key.toString(), "-traditional", "-out",
                dir.resolve(alias + ".traditional.key").toString());
        openssl("pkcs8", "-topk8", "-in", key.toString(), "-v2", "aes-256-cbc", "-passout",
                "pass:" + PASSWORD, "-out", dir.resolve(alias + ".pkcs8_encrypted.key").toString());
        openssl("pkcs12", "-export", "-inkey", key.toString(), "-in", cert.toString(),
                "-certfile", caPem.toString(), "-name", alias, "-passout", "pass:" + PASSWORD,
                "-out", p12.toString());
        return new Issued(alias, cert, chain, p12, dir);
    }

    /** Loads a PKCS12 file made here. */
    public static KeyStore load(Path p12) {
        try (InputStream in = Files.newInputStream(p12)) {
            KeyStore store = KeyStore.getInstance("PKCS12");
            store.load(in, PASSWORD.toCharArray());
            return store;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException(e);
        }
    }

    private void openssl(String... args) {
        List<String> cmd = new ArrayList<>();
        cmd.add("openssl");
        cmd.addAll(List.of(args));
        try {
            Process p = new ProcessBuilder(cmd).redirectErrorStream(true).start();
            String out = new String(p.getInputStream().readAllBytes());
            if (!p.waitFor(60, TimeUnit.SECONDS) || p.exitValue() != 0) {
                throw new IllegalStateException("openssl " + args[0] + " failed: " + out);
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }
}
