package io.tlsresume.tomcat;

import io.tlsresume.core.engine.ClientAuth;
import io.tlsresume.core.engine.SessionScope;
import java.util.ArrayList;
import java.util.List;
import javax.net.ssl.TrustManager;
import javax.net.ssl.X509TrustManager;
import org.apache.tomcat.util.net.SSLHostConfig;
import org.apache.tomcat.util.net.jsse.JSSEUtil;

/**
 * STUB by helper "openssl" (issue 13) until helper "tomcat" commits the real one on i13-tomcat:
 * same signature, replaced on merge. The resumption scope of one {@code SSLHostConfig}.
 */
public final class HostScopes {
    private HostScopes() {
    }

    /** The scope of {@code hostConfig}: its host name, client-certificate mode and anchors. */
    public static SessionScope of(SSLHostConfig hostConfig) {
        List<String> parameters = new ArrayList<>();
        parameters.add("depth=" + hostConfig.getCertificateVerificationDepth());
        if (hostConfig.getCertificateRevocationListFile() != null) {
            parameters.add("crl=" + hostConfig.getCertificateRevocationListFile());
        }
        parameters.add("revocation=" + hostConfig.getRevocationEnabled());
        ClientAuth clientAuth = switch (hostConfig.getCertificateVerification()) {
            case NONE -> ClientAuth.none();
            case OPTIONAL_NO_CA -> ClientAuth.optionalUnverified();
            case OPTIONAL -> ClientAuth.optional(trust(hostConfig));
            case REQUIRED -> ClientAuth.required(trust(hostConfig));
        };
        return SessionScope.of(hostConfig.getHostName(), clientAuth, parameters);
    }

    private static X509TrustManager trust(SSLHostConfig hostConfig) {
        try {
            TrustManager[] managers = new JSSEUtil(hostConfig.getCertificates().iterator().next())
                    .getTrustManagers();
            for (TrustManager manager : managers == null ? new TrustManager[0] : managers) {
                if (manager instanceof X509TrustManager x509) {
                    return x509;
                }
            }
        } catch (Exception e) {
            throw new IllegalArgumentException("SSLHostConfig " + hostConfig.getHostName()
                    + " truststoreFile: " + e.getMessage(), e);
        }
        throw new IllegalArgumentException("SSLHostConfig " + hostConfig.getHostName()
                + " certificateVerification: no trust store to verify client certificates");
    }
}
