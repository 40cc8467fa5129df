package io.tlsresume.openssl;

import java.util.Locale;
import org.apache.tomcat.util.net.SSLHostConfig;
import org.apache.tomcat.util.net.openssl.OpenSSLConf;
import org.apache.tomcat.util.net.openssl.OpenSSLConfCmd;

/**
 * The {@code SSLHostConfig} attributes Tomcat's FFM engine would honour but tlsresume overrides
 * on its {@code SSL_CTX} (session cache and tickets): set to anything but their default, the
 * connector fails to start naming the attribute, instead of being ignored. Everything else
 * (certificates, protocols, ciphers, client certificates, OCSP, {@code openSslConf}) is
 * Tomcat's own engine behaviour and left to it.
 */
final class OpenSslRefusals {
    /** Tomcat's defaults, to tell a value the user set from one nobody set. */
    private static final SSLHostConfig DEFAULTS = new SSLHostConfig();

    private OpenSslRefusals() {
    }

    /**
     * Checks the session attributes ({@link #checkTrust} checks the trust ones, earlier).
     *
     * @param store whether this context keeps its sessions in the cluster store
     * @param ringTickets whether it issues stateless tickets under the ring
     * @throws IllegalArgumentException naming the first attribute tlsresume would override
     */
    static void check(SSLHostConfig host, boolean store, boolean ringTickets) {
        if (store && host.getSessionTimeout() != DEFAULTS.getSessionTimeout()) {
            throw refused(host, "sessionTimeout", "engine=openssl keeps sessions in the cluster"
                    + " store for the listener's sessionTimeout; remove sessionTimeout=\""
                    + host.getSessionTimeout() + "\" from SSLHostConfig and set sessionTimeout"
                    + " on the TlsResumeListener");
        }
        if (store && host.getSessionCacheSize() != DEFAULTS.getSessionCacheSize()) {
            throw refused(host, "sessionCacheSize", "engine=openssl keeps sessions only in the"
                    + " cluster store, bounded by the listener's sessionStore.maxEntries; remove"
                    + " sessionCacheSize=\"" + host.getSessionCacheSize() + "\" from"
                    + " SSLHostConfig and set sessionStore.maxEntries on the TlsResumeListener");
        }
        if (ringTickets && host.getDisableSessionTickets()) {
            throw refused(host, "disableSessionTickets", "the listener's sessionTickets=\"ring\""
                    + " issues tickets; remove disableSessionTickets=\"true\" or use"
                    + " sessionTickets=\"stateful\" (no stateless tickets)");
        }
        OpenSSLConf conf = host.getOpenSslConf();
        if ((store || ringTickets) && conf != null) {
            for (OpenSSLConfCmd command : conf.getCommands()) {
                if ("Options".equalsIgnoreCase(command.getName()) && command.getValue() != null
                        && command.getValue().toLowerCase(Locale.ROOT).contains("sessionticket")) {
                    throw refused(host, "OpenSSLConfCmd Options=" + command.getValue(),
                            "tlsresume sets the session-ticket option itself (listener"
                            + " sessionTickets); remove SessionTicket from Options");
                }
            }
        }
    }

    /**
     * The resumption scope holds the trust anchors client chains are verified against, read
     * from Tomcat's trust manager ({@code truststore*}, {@code trustManagerClassName}). OpenSSL's
     * own CA file or folder would verify against anchors the scope does not know: refused when
     * they would take part in verification, before {@code HostScopes} reports a missing trust
     * store the user never meant to set.
     *
     * @throws IllegalArgumentException naming {@code caCertificateFile} or
     *     {@code caCertificatePath}
     */
    static void checkTrust(SSLHostConfig host) {
        SSLHostConfig.CertificateVerification mode = host.getCertificateVerification();
        if (mode != SSLHostConfig.CertificateVerification.OPTIONAL
                && mode != SSLHostConfig.CertificateVerification.REQUIRED) {
            return;
        }
        for (String[] attribute : new String[][] {
                {"caCertificateFile", host.getCaCertificateFile()},
                {"caCertificatePath", host.getCaCertificatePath()}}) {
            if (attribute[1] != null && !attribute[1].isEmpty()) {
                throw refused(host, attribute[0], "tlsresume scopes resumption by the trust"
                        + " anchors of Tomcat's trust store and cannot see OpenSSL's CA file or"
                        + " folder; put the CA certificates into a trust store (truststoreFile,"
                        + " truststoreType=\"PKCS12\") and remove " + attribute[0]);
            }
        }
    }

    private static IllegalArgumentException refused(SSLHostConfig host, String attribute,
            String problem) {
        return new IllegalArgumentException("SSLHostConfig " + host.getHostName() + " "
                + attribute + ": " + problem);
    }
}
