package io.tlsresume.tomcat;

import io.tlsresume.core.SettingsException;
import io.tlsresume.core.engine.ClientAuth;
import java.util.ArrayList;
import java.util.List;
import javax.net.ssl.TrustManager;
import javax.net.ssl.X509TrustManager;
import org.apache.tomcat.util.net.SSLHostConfig;
import org.apache.tomcat.util.net.SSLHostConfigCertificate;

/**
 * Whether and how an {@code <SSLHostConfig>} asks for client certificates, with the trust
 * manager Tomcat itself builds from its attributes ({@code certificateVerification},
 * {@code truststore*} or a trust store set in code, {@code trustManagerClassName}, or else
 * {@code caCertificateFile} (trust written for Tomcat's OpenSSL engine),
 * {@code certificateRevocationListFile}, {@code revocationEnabled},
 * {@code certificateVerificationDepth}).
 *
 * <p>One difference from stock Tomcat, on purpose: without any trust store stock Tomcat verifies
 * client certificates against the JDK's default CAs (every public CA); here that is refused at
 * start, since a client certificate from any public CA would then log in.
 */
final class ClientCertificates {

    private ClientCertificates() {
    }

    /** The client authentication {@code hostConfig} asks for. */
    static ClientAuth of(SSLHostConfig hostConfig) {
        return switch (hostConfig.getCertificateVerification()) {
            case NONE -> ClientAuth.none();
            // As OpenSSL's SSL_VERIFY_PEER without a CA check: any presented chain is accepted.
            case OPTIONAL_NO_CA -> ClientAuth.optionalUnverified();
            case OPTIONAL -> ClientAuth.optional(trustManager(hostConfig));
            case REQUIRED -> ClientAuth.required(trustManager(hostConfig));
        };
    }

    /**
     * Inputs besides the trust anchors that change what a verified client certificate means:
     * part of the resumption scope, so a session verified under laxer rules never resumes under
     * stricter ones. The CRL's content is not one (it changes on every CRL update; a resumed
     * session is not re-checked against a CRL by any engine).
     */
    static List<String> verificationParameters(SSLHostConfig hostConfig) {
        List<String> parameters = new ArrayList<>();
        if (hostConfig.getCertificateVerification() == SSLHostConfig.CertificateVerification.NONE
                || hostConfig.getCertificateVerification()
                        == SSLHostConfig.CertificateVerification.OPTIONAL_NO_CA) {
            return parameters;
        }
        parameters.add("depth=" + hostConfig.getCertificateVerificationDepth());
        String crl = hostConfig.getCertificateRevocationListFile();
        parameters.add("crl=" + (crl != null && !crl.isEmpty() ? "on" : "off"));
        parameters.add("revocation=" + (hostConfig.getRevocationEnabled() ? "on" : "off"));
        parameters.add("ocsp=" + (hostConfig.getOcspEnabled()
                ? hostConfig.getOcspSoftFail() ? "soft-fail" : "on" : "off"));
        parameters.add("truststoreAlgorithm=" + hostConfig.getTruststoreAlgorithm());
        String className = hostConfig.getTrustManagerClassName();
        if (className != null && !className.isEmpty()) {
            parameters.add("trustManagerClassName=" + className);
        }
        return parameters;
    }

    private static X509TrustManager trustManager(SSLHostConfig hostConfig) {
        TrustManager[] managers;
        try {
            TomcatTlsMaterial material = new TomcatTlsMaterial(anyCertificate(hostConfig));
            managers = material.getTrustManagers();
            if (managers == null && hostConfig.getCaCertificateFile() != null) {
                managers = material.caCertificateFileTrustManagers();
            }
        } catch (Exception e) {
            throw new SettingsException(trustAttribute(hostConfig), "cannot build the trust"
                    + " manager of SSLHostConfig " + hostConfig.getHostName() + ": " + e, e);
        }
        String verification = "certificateVerification=\""
                + hostConfig.getCertificateVerification().name().toLowerCase(java.util.Locale.ROOT)
                + "\"";
        if (managers == null) {
            throw new SettingsException("truststoreFile", "SSLHostConfig "
                    + hostConfig.getHostName() + " has " + verification + " but no trust store:"
                    + " set truststoreFile (or a trust store in code, trustManagerClassName or"
                    + " caCertificateFile);"
                    + " tlsresume never verifies client certificates against the JDK's default"
                    + " CAs");
        }
        for (TrustManager manager : managers) {
            if (manager instanceof X509TrustManager x509) {
                if (x509.getAcceptedIssuers().length == 0) {
                    throw new SettingsException(trustAttribute(hostConfig), "SSLHostConfig "
                            + hostConfig.getHostName() + " has " + verification + " but its"
                            + " trust manager accepts no issuer (no trusted certificate in the"
                            + " trust store?)");
                }
                return x509;
            }
        }
        throw new SettingsException(trustAttribute(hostConfig), "SSLHostConfig "
                + hostConfig.getHostName() + ": the trust manager is not an X509TrustManager");
    }

    /** The attribute the user set the trust with, for messages. */
    private static String trustAttribute(SSLHostConfig hostConfig) {
        String className = hostConfig.getTrustManagerClassName();
        if (className != null && !className.isEmpty()) {
            return "trustManagerClassName";
        }
        return hostConfig.getTruststoreFile() == null && hostConfig.getCaCertificateFile() != null
                ? "caCertificateFile" : "truststoreFile";
    }

    /** Tomcat's trust code reads the host config only; it still wants a certificate. */
    private static SSLHostConfigCertificate anyCertificate(SSLHostConfig hostConfig) {
        var certificates = hostConfig.getCertificates();
        return certificates.isEmpty()
                ? new SSLHostConfigCertificate(hostConfig, SSLHostConfigCertificate.Type.UNDEFINED)
                : certificates.iterator().next();
    }
}
