package io.tlsresume.tomcat;

import io.tlsresume.core.engine.ContextSelector;
import io.tlsresume.core.engine.ServerTlsContext;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.Map;
import org.apache.tomcat.util.net.SSLHostConfigCertificate;

/**
 * The live contexts of one {@code <SSLHostConfig>}, one per {@code <Certificate>}: with several
 * (RSA and EC), every connection of the host is served by the one the client's ClientHello
 * accepts ({@link ContextSelector#byKeyType}), whichever certificate Tomcat picked. Tomcat 11
 * picks by the client's signature schemes for TLS 1.3 but by cipher suites for TLS 1.2, where a
 * client offering ECDSA suites first but only RSA signature algorithms would get the EC
 * certificate and a failed handshake; the selector looks at both.
 */
final class HostContexts {
    /** In the order Tomcat built them (the order of the {@code <Certificate>} elements). */
    private final Map<SSLHostConfigCertificate, ServerTlsContext> byCertificate =
            new LinkedHashMap<>();
    private volatile ContextSelector selector;

    /**
     * Makes {@code context} the one of {@code certificate}.
     *
     * @return the context it replaces (a reload), or {@code null}
     */
    synchronized ServerTlsContext put(SSLHostConfigCertificate certificate,
            ServerTlsContext context) {
        ServerTlsContext previous = byCertificate.put(certificate, context);
        update();
        return previous;
    }

    /** Forgets {@code context} if it is still the one of {@code certificate}. */
    synchronized void remove(SSLHostConfigCertificate certificate, ServerTlsContext context) {
        if (byCertificate.remove(certificate, context)) {
            update();
        }
    }

    /** The selector among the host's contexts, or {@code null} if it has one context only. */
    ContextSelector selector() {
        return selector;
    }

    private void update() {
        selector = byCertificate.size() < 2 ? null
                : ContextSelector.byKeyType(new ArrayList<>(byCertificate.values()));
    }
}
