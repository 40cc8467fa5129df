package io.tlsresume.jetty;

import io.tlsresume.core.SettingsException;
import io.tlsresume.core.engine.ClientAuth;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import javax.net.ssl.TrustManager;
import javax.net.ssl.X509TrustManager;
import org.eclipse.jetty.util.ssl.SslContextFactory;

/**
 * Client-certificate verification as Jetty configures it: {@code needClientAuth} /
 * {@code wantClientAuth}, checked by the trust managers Jetty's own {@code load()} built from
 * {@code trustStore*} (or the key store when no trust store is set, as stock Jetty does),
 * {@code crlPath}, {@code validatePeerCerts}, {@code maxCertPathLength}, {@code enableCRLDP},
 * {@code enableOCSP}, {@code ocspResponderURL} and {@code trustManagerFactoryAlgorithm}.
 */
final class JettyClientAuth {
    private JettyClientAuth() {
    }

    /**
     * The client-auth mode and trust Jetty's settings ask for.
     *
     * @param trustManagers what Jetty's {@code getTrustManagers} returned during {@code load()}
     * @throws SettingsException naming {@code trustStorePath} when client certificates are asked
     *     for but no trust store gives any anchor: stock Jetty would then trust the JDK's public
     *     CAs, which tlsresume never does for client certificates
     */
    static ClientAuth of(SslContextFactory.Server factory, TrustManager[] trustManagers) {
        if (!factory.getNeedClientAuth() && !factory.getWantClientAuth()) {
            return ClientAuth.none();
        }
        String mode = factory.getNeedClientAuth() ? "needClientAuth" : "wantClientAuth";
        X509TrustManager trust = x509(trustManagers);
        if (trust == null || trust.getAcceptedIssuers().length == 0) {
            throw new SettingsException("trustStorePath", mode + " is set but no trust store"
                    + " gives a trusted certificate (set trustStorePath, module property"
                    + " jetty.sslContext.trustStorePath, or setTrustStore): client certificates"
                    + " are never checked against the JDK's default CAs");
        }
        return factory.getNeedClientAuth() ? ClientAuth.required(trust)
                : ClientAuth.optional(trust);
    }

    /**
     * What, besides the trust anchors, changes which client certificates are accepted: part of
     * the resumption scope, so a session verified under other rules never resumes here. Empty
     * without client certificates. CRL contents are left out on purpose: a CRL is re-issued
     * daily and nodes would then disagree during every update.
     */
    static Collection<String> verificationParameters(SslContextFactory.Server factory,
            ClientAuth clientAuth) {
        if (clientAuth.mode() == ClientAuth.Mode.NONE) {
            return List.of();
        }
        List<String> parameters = new ArrayList<>();
        parameters.add("validatePeerCerts=" + factory.isValidatePeerCerts());
        parameters.add("trustManagerFactoryAlgorithm=" + factory.getTrustManagerFactoryAlgorithm());
        parameters.add("maxCertPathLength=" + factory.getMaxCertPathLength());
        parameters.add("crl=" + (factory.getCrlPath() == null ? "off" : "on"));
        parameters.add("enableCRLDP=" + factory.isEnableCRLDP());
        parameters.add("enableOCSP=" + factory.isEnableOCSP());
        parameters.add("ocspResponderURL=" + factory.getOcspResponderURL());
        if (factory.getPkixCertPathChecker() != null) {
            parameters.add("pkixCertPathChecker="
                    + factory.getPkixCertPathChecker().getClass().getName());
        }
        return parameters;
    }

    private static X509TrustManager x509(TrustManager[] managers) {
        if (managers != null) {
            for (TrustManager manager : managers) {
                if (manager instanceof X509TrustManager x509) {
                    return x509;
                }
            }
        }
        return null;
    }
}
