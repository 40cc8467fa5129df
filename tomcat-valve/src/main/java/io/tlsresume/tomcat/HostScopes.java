package io.tlsresume.tomcat;

import io.tlsresume.core.KeySource;
import io.tlsresume.core.engine.ClientAuth;
import io.tlsresume.core.engine.SessionScope;
import java.security.cert.X509Certificate;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Function;
import org.apache.tomcat.util.net.SSLHostConfig;
import org.apache.tomcat.util.net.SSLHostConfigCertificate;

/**
 * The resumption scope of an {@code <SSLHostConfig>}: the host names its certificates serve
 * (their DNS names, as {@link SessionScope#hostNamesOf} reads them: the same input a Jetty node
 * derives for the same certificate, so mixed clusters share sessions), its
 * {@code certificateVerification} mode, the trust anchors client certificates are verified
 * against ({@code truststore*}, {@code trustManagerClassName}) and the verification parameters
 * ({@code certificateVerificationDepth}, {@code certificateRevocationListFile},
 * {@code revocationEnabled}, OCSP). Never the server's own key or the rest of its certificate:
 * every node serving the same names with the same trust derives the same scope, and a
 * certificate renewed for the same names ({@code reloadSslHostConfigs}) keeps it. The
 * {@code hostName} attribute is not an input: two host configs serving the same names with the
 * same trust are one identity, and a session resuming across them gains nothing a full
 * handshake would not give. A session of one scope offered to a context of
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
        return of(hostConfig, ClientCertificates.of(hostConfig), CertificateKeys::of);
    }

    /**
     * The scope of {@code hostConfig} whose client authentication is already built.
     *
     * @param keys the key each {@code <Certificate>} is served with (the listener's own key
     *     settings replace the elements), so the host names are those of what is served
     */
    static SessionScope of(SSLHostConfig hostConfig, ClientAuth clientAuth,
            Function<SSLHostConfigCertificate, KeySource> keys) {
        List<X509Certificate> leaves = new ArrayList<>();
        for (SSLHostConfigCertificate certificate : hostConfig.getCertificates(true)) {
            leaves.add(keys.apply(certificate).certificateChain().get(0));
        }
        return SessionScope.of(SessionScope.hostNamesOf(leaves), clientAuth,
                ClientCertificates.verificationParameters(hostConfig));
    }
}
