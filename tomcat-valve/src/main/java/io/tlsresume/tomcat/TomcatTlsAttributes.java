package io.tlsresume.tomcat;

import io.tlsresume.core.AttributeTable;
import io.tlsresume.core.AttributeTable.Attribute;
import java.util.List;
import org.apache.tomcat.util.net.SSLHostConfig;
import org.apache.tomcat.util.net.SSLHostConfigCertificate;

/**
 * What tlsresume's BoringSSL engine does with every attribute of Tomcat 11's
 * {@code <SSLHostConfig>} and {@code <Certificate>}: the single source of the Tomcat part of
 * {@code docs/parity.md}. {@link #refuseUnsupported} fails the connector when a refused attribute
 * was set, naming it as written in {@code server.xml}. (The OpenSSL engine, {@code
 * engine="openssl"}, is Tomcat's own and is described in the table's third column.)
 */
public final class TomcatTlsAttributes {
    private static final String CLIENT_CERTS = "TomcatClientCertificateTest";
    private static final String HOSTS = "TomcatVirtualHostTest";
    private static final String CERTIFICATES = "TomcatSeveralCertificatesTest";
    private static final String KEYS = "TomcatKeyMaterialTest";
    private static final String HOST_CONFIG = "TomcatSslHostConfigTest";
    private static final String TRUST = "applied by Tomcat's own trust-manager code"
            + " (SSLUtilBase.getTrustManagers), which verifies client certificates";
    private static final String OPENSSL_ONLY = "is read by Tomcat's OpenSSL engines only"
            + " (JSSE ignores it too); on tlsresume's BoringSSL engine it would be ignored."
            + " Remove it, or use engine=\"openssl\"";

    /** Every {@code <SSLHostConfig>} attribute (and the nested elements it takes). */
    public static final AttributeTable<SSLHostConfig> HOST =
            AttributeTable.<SSLHostConfig>builder()
            .honoured("hostName", "the SNI host name Tomcat picks the host config by; each host"
                    + " config is its own resumption scope", HOSTS)
            .honoured("Certificate", "several Certificate elements (RSA and EC): the engine"
                    + " picks by the client's signature algorithms", CERTIFICATES)
            .honoured("protocols", "limited to TLSv1.2 and TLSv1.3; start fails if none is left",
                    HOST_CONFIG)
            .honoured("ciphers", "limited to the engine's ECDHE + AEAD suites; start fails if"
                    + " none is left", HOST_CONFIG)
            .honoured("groups", "set on BoringSSL's context; a group BoringSSL lacks fails"
                    + " start", HOST_CONFIG)
            .honoured("honorCipherOrder", "the server's suite order wins",
                    "TomcatCipherOrderTest")
            .honoured("certificateVerification", "none, optional, required, optionalNoCA, with"
                    + " the anchors of this host config's trust store (never the JDK's CAs)",
                    CLIENT_CERTS)
            .honoured("certificateVerificationDepth", TRUST, CLIENT_CERTS)
            .honoured("truststoreFile", TRUST, CLIENT_CERTS)
            .honoured("truststorePassword", TRUST, CLIENT_CERTS)
            .honoured("truststoreType", TRUST, CLIENT_CERTS)
            .honoured("truststoreProvider", TRUST, CLIENT_CERTS)
            .honoured("truststoreAlgorithm", TRUST, CLIENT_CERTS)
            .honoured("trustStore", "an in-memory trust KeyStore object; " + TRUST,
                    CLIENT_CERTS)
            .honoured("trustManagerClassName", TRUST, CLIENT_CERTS)
            .honoured("certificateRevocationListFile", TRUST, CLIENT_CERTS)
            .honoured("revocationEnabled", TRUST, CLIENT_CERTS)
            .honoured("ocspEnabled", TRUST + " (PKIX revocation checker)", CLIENT_CERTS)
            .honoured("ocspSoftFail", TRUST + " (PKIX revocation checker)", CLIENT_CERTS)
            .refused("sslProtocol", SSLHostConfig::getSslProtocol, "names the JSSE SSLContext"
                    + " protocol, and tlsresume's engine does not use a JSSE SSLContext; keep"
                    + " TLS and choose versions with protocols")
            .refused("sessionTimeout", SSLHostConfig::getSessionTimeout, "the session lifetime"
                    + " is the tlsresume listener's ticketLifetime; remove sessionTimeout")
            .refused("sessionCacheSize", SSLHostConfig::getSessionCacheSize, "the engine's"
                    + " session cache and tickets are tlsresume's; remove sessionCacheSize")
            .refused("disableSessionTickets", SSLHostConfig::getDisableSessionTickets,
                    "tlsresume resumes sessions with tickets; remove disableSessionTickets="
                    + "\"true\" or do not use tlsresume here")
            .refused("cipherSuites", SSLHostConfig::getCipherSuites, "BoringSSL has no switch"
                    + " for TLS 1.3 suites: it always offers TLS_AES_128_GCM_SHA256,"
                    + " TLS_AES_256_GCM_SHA384 and TLS_CHACHA20_POLY1305_SHA256; remove"
                    + " cipherSuites, or disable TLSv1.3 with protocols")
            .refused("insecureRenegotiation", SSLHostConfig::getInsecureRenegotiation,
                    "BoringSSL never renegotiates as a server; remove insecureRenegotiation")
            .refused("OpenSSLConf", SSLHostConfig::getOpenSslConf, "the OpenSSLConf element "
                    + OPENSSL_ONLY)
            .honoured("caCertificateFile", "a PEM CA bundle: the trust anchors for client"
                    + " certificates when no trust store is set (Tomcat's PKIX parameters apply)",
                    "TomcatClientCertificateModesTest")
            .refused("caCertificatePath", SSLHostConfig::getCaCertificatePath, OPENSSL_ONLY
                    + "; for client certificates give the CAs as truststoreFile")
            .refused("certificateRevocationListPath",
                    SSLHostConfig::getCertificateRevocationListPath, OPENSSL_ONLY
                    + "; give the CRLs as certificateRevocationListFile")
            .refused("ocspTimeout", SSLHostConfig::getOcspTimeout, OPENSSL_ONLY)
            .refused("ocspVerifyFlags", SSLHostConfig::getOcspVerifyFlags, OPENSSL_ONLY)
            .honoured("keyManagerAlgorithm", "Tomcat's own key code builds the key managers"
                    + " the engine's key and chain are taken from with it", KEYS)
            .notApplicable("disableCompression", "neither JSSE nor BoringSSL implements TLS"
                    + " compression: it is always off")
            .build();

    /** Every {@code <Certificate>} attribute. */
    public static final AttributeTable<SSLHostConfigCertificate> CERTIFICATE =
            AttributeTable.<SSLHostConfigCertificate>builder()
            .honoured("type", "RSA or EC: which key the engine serves to a client that accepts"
                    + " it", CERTIFICATES)
            .honoured("certificateKeystoreFile", "the key store; relative to $CATALINA_BASE",
                    "TomcatCertificateTest")
            .honoured("certificateKeystorePassword", "opens the key store",
                    "TomcatCertificateTest")
            .honoured("certificateKeystorePasswordFile", "first line of the file", KEYS)
            .honoured("certificateKeystoreType", "the key store's type", "TomcatCertificateTest")
            .honoured("certificateKeystoreProvider", "the provider the key store is loaded"
                    + " with", KEYS)
            .honoured("certificateKeystore", "an in-memory KeyStore object (Spring Boot's SSL"
                    + " bundles)", KEYS)
            .honoured("certificateKeyAlias", "selects the key entry; without it the first key"
                    + " entry, as stock Tomcat", KEYS)
            .honoured("certificateKeyPassword", "opens the key entry or the encrypted PEM key",
                    KEYS)
            .honoured("certificateKeyPasswordFile", "first line of the file", KEYS)
            .honoured("certificateFile", "PEM certificate (and chain)", "TomcatCertificateTest")
            .honoured("certificateKeyFile", "PEM key in the forms OpenSSL writes",
                    "TomcatCertificateTest")
            .honoured("certificateChainFile", "PEM chain appended after the leaf", KEYS)
            .honoured("certificateKeyManager", "a key manager set in code: the engine takes the"
                    + " key and chain it holds for the certificate's alias", KEYS)
            .build();

    private TomcatTlsAttributes() {
    }

    /**
     * Fails when {@code certificate} or its host config has a refused attribute set to other
     * than Tomcat's default (compared with freshly constructed objects).
     *
     * @throws IllegalArgumentException naming the host config and the first such attribute
     */
    public static void refuseUnsupported(SSLHostConfigCertificate certificate) {
        SSLHostConfig host = certificate.getSSLHostConfig();
        List<Attribute<SSLHostConfig>> hostSet = HOST.refusedSet(host, new SSLHostConfig());
        if (!hostSet.isEmpty()) {
            throw refusal(host, "", hostSet.get(0));
        }
        List<Attribute<SSLHostConfigCertificate>> set = CERTIFICATE.refusedSet(certificate,
                new SSLHostConfigCertificate(new SSLHostConfig(), certificate.getType()));
        if (!set.isEmpty()) {
            throw refusal(host, "Certificate ", set.get(0));
        }
    }

    private static IllegalArgumentException refusal(SSLHostConfig host, String element,
            Attribute<?> attribute) {
        // The adapter's format: Tomcat logs it when the connector fails.
        return new IllegalArgumentException("SSLHostConfig " + host.getHostName() + " "
                + element + attribute.name() + ": " + attribute.detail());
    }
}
