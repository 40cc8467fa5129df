package io.tlsresume.tomcat;

import io.tlsresume.core.engine.ClientAuth;
import io.tlsresume.core.engine.SessionScope;
import org.apache.tomcat.util.net.SSLHostConfig;

/**
 * The resumption scope of an {@code <SSLHostConfig>}: its {@code hostName}, its
 * {@code certificateVerification} mode, the trust anchors client certificates are verified
 * against ({@code truststore*}, {@code trustManagerClassName}) and the verification parameters
 * ({@code certificateVerificationDepth}, {@code certificateRevocationListFile},
 * {@code revocationEnabled}, OCSP). Never the server's own certificate or key: every node
 * serving the same host with the same trust derives the same scope, and a certificate renewal
 * ({@code reloadSslHostConfigs}) keeps it. A session of one scope offered to a context of
 * another gets a full handshake. Every Tomcat engine of tlsresume uses this one derivation.
 */
public final class HostScopes {

    private HostScopes() {
    }

    /**
     * The scope of {@code hostConfig}.
     *
     * @throws io.tlsresume.core.SettingsException if its client-certificate configuration cannot
     *     be used (no trust store with {@code required}/{@code optional}, unreadable store)
     */
    public static SessionScope of(SSLHostConfig hostConfig) {
        return of(hostConfig, ClientCertificates.of(hostConfig));
    }

    /** The scope of {@code hostConfig} whose client authentication is already built. */
    static SessionScope of(SSLHostConfig hostConfig, ClientAuth clientAuth) {
        return SessionScope.of(hostConfig.getHostName(), clientAuth,
                ClientCertificates.verificationParameters(hostConfig));
    }
}
