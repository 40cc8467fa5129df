package io.tlsresume.jetty;

import io.tlsresume.core.AttributeTable;
import io.tlsresume.core.AttributeTable.Attribute;
import io.tlsresume.core.SettingsException;
import java.util.List;
import java.util.Map;
import org.eclipse.jetty.util.ssl.SslContextFactory;

/**
 * What {@link ResumingSslContextFactory} does with every TLS attribute of Jetty 12.1's
 * {@code SslContextFactory.Server}: the single source of the Jetty part of
 * {@code docs/parity.md}. {@link #refuseUnsupported} fails the start when a refused attribute
 * was set, naming it as the user wrote it.
 */
public final class JettyTlsAttributes {
    private static final String CLIENT_CERTS = "JettyClientCertificateTest";
    private static final String SNI = "JettySniTest";
    private static final String KEYS = "JettyKeySourceTest";
    private static final String PROTOCOLS = "JettyProtocolsAndCiphersTest";
    private static final String TRUST = "applied by Jetty's own trust managers"
            + " (SslContextFactory.getTrustManagers), which verify client certificates";

    /** Every attribute, by its Jetty setter property name ({@code <Set name="...">}). */
    public static final AttributeTable<SslContextFactory.Server> TABLE =
            AttributeTable.<SslContextFactory.Server>builder()
            // Key material: Jetty loads the key store itself, the engine is keyed from it.
            .honoured("keyStorePath", "the key store Jetty loads; the engine takes the key and"
                    + " chain of the selected entry", "JettyKeySourceTest")
            .honoured("keyStoreResource", "same as keyStorePath", "JettyKeySourceTest")
            .honoured("keyStorePassword", "opens the key store", "JettyKeySourceTest")
            .honoured("keyManagerPassword", "opens the key entry", "JettyKeySourceTest")
            .honoured("keyStoreType", "the key store's type", "JettyKeySourceTest")
            .honoured("keyStoreProvider", "the provider Jetty loads the key store with", KEYS)
            .honoured("keyStore", "an in-memory KeyStore object (Spring Boot's SSL bundles)", CLIENT_CERTS)
            .honoured("keyManagerFactoryAlgorithm", "Jetty's start builds its key managers"
                    + " with it; an unknown algorithm fails start as in stock Jetty", KEYS)
            .honoured("validateCerts", "Jetty's start validates the server's certificates",
                    KEYS)
            .honoured("certAlias", "selects the key store entry as in stock Jetty", SNI)
            .honoured("sniRequired", "a client without a matching SNI name is refused", SNI)
            .honoured("SNISelector", "chooses the entry per connection from the ClientHello's"
                    + " SNI name, as in stock Jetty", SNI)
            // Client certificates: verified with the anchors of Jetty's own trust settings.
            .honoured("needClientAuth", "client certificate required, verified against Jetty's"
                    + " trust store (never the JDK's CAs)", CLIENT_CERTS)
            .honoured("wantClientAuth", "client certificate requested, verified when sent",
                    CLIENT_CERTS)
            .honoured("trustStorePath", "the trust anchors for client certificates; without"
                    + " it the key store, as in stock Jetty", CLIENT_CERTS)
            .honoured("trustStoreResource", "same as trustStorePath", CLIENT_CERTS)
            .honoured("trustStorePassword", "opens the trust store", CLIENT_CERTS)
            .honoured("trustStoreType", "the trust store's type", CLIENT_CERTS)
            .honoured("trustStoreProvider", "the provider Jetty loads the trust store with",
                    CLIENT_CERTS)
            .honoured("trustStore", "an in-memory trust KeyStore object", CLIENT_CERTS)
            .honoured("trustManagerFactoryAlgorithm", TRUST, CLIENT_CERTS)
            .honoured("validatePeerCerts", TRUST, CLIENT_CERTS)
            .honoured("crlPath", TRUST + " (CRLs loaded by Jetty)", CLIENT_CERTS)
            .honoured("maxCertPathLength", TRUST, CLIENT_CERTS)
            .honoured("enableCRLDP", TRUST, CLIENT_CERTS)
            .honoured("enableOCSP", TRUST, CLIENT_CERTS)
            .honoured("ocspResponderURL", TRUST, CLIENT_CERTS)
            .honoured("pkixCertPathChecker", TRUST, CLIENT_CERTS)
            // Protocols and suites: Jetty selects, the engine keeps what it has.
            .honoured("includeProtocols", "Jetty's selection, limited to TLSv1.2 and TLSv1.3;"
                    + " start fails if none is left", PROTOCOLS)
            .honoured("excludeProtocols", "as includeProtocols", PROTOCOLS)
            .honoured("includeCipherSuites", "Jetty's selection, limited to the engine's ECDHE"
                    + " + AEAD suites; start fails if none is left. TLS 1.3 always offers"
                    + " BoringSSL's three suites (it has no switch for them)", PROTOCOLS)
            .honoured("excludeCipherSuites", "as includeCipherSuites", PROTOCOLS)
            .honoured("cipherComparator", "orders Jetty's selection; the engine keeps the order",
                    PROTOCOLS)
            .honoured("useCipherSuitesOrder", "the server's suite order wins", PROTOCOLS)
            // Refused: a JSSE SSLContext or provider the engine does not use.
            .refused("sslContext", SslContextFactory::getSslContext, "tlsresume's engine is"
                    + " Netty's BoringSSL engine, not a JSSE SSLContext: a context set here"
                    + " would not be used; configure the key store instead")
            .refused("provider", SslContextFactory::getProvider, "tlsresume's engine is"
                    + " BoringSSL, not a JSSE provider; remove provider")
            .refused("protocol", SslContextFactory::getProtocol, "names the JSSE SSLContext"
                    + " protocol, and the engine does not use a JSSE SSLContext; keep TLS and"
                    + " choose versions with includeProtocols/excludeProtocols")
            .refused("secureRandomAlgorithm", SslContextFactory::getSecureRandomAlgorithm,
                    "BoringSSL uses its own random generator; remove secureRandomAlgorithm")
            // Refused: session caching is tlsresume's.
            .refused("sessionCachingEnabled", SslContextFactory::isSessionCachingEnabled,
                    "tlsresume resumes sessions on every node; to switch resumption off do not"
                    + " use tlsresume here")
            .refused("sslSessionCacheSize", SslContextFactory::getSslSessionCacheSize,
                    "the engine's session cache and tickets are tlsresume's; remove it")
            .refused("sslSessionTimeout", SslContextFactory::getSslSessionTimeout,
                    "the session lifetime is tlsresume's ticketLifetime setting; remove it")
            // Refused: what BoringSSL or this engine cannot do.
            .refused("renegotiationAllowed", SslContextFactory::isRenegotiationAllowed,
                    "BoringSSL never renegotiates as a server; leave it false")
            .refused("trustAll", SslContextFactory::isTrustAll, "client certificates are only"
                    + " verified against trust anchors (a resumed session carries the client's"
                    + " chain to every node as verified); set a trustStorePath instead")
            .refused("endpointIdentificationAlgorithm",
                    SslContextFactory::getEndpointIdentificationAlgorithm, "checking a client"
                    + " certificate's host name is not supported on tlsresume's engine; leave"
                    + " it unset, as stock Jetty's server does")
            .notApplicable("renegotiationLimit", "renegotiation never happens (BoringSSL"
                    + " refuses it as a server; renegotiationAllowed=true is refused)")
            .notApplicable("hostnameVerifier", "checks a server's host name on Jetty's client"
                    + " side; a server never calls it, in stock Jetty either")
            .build();

    /** Module properties ({@code jetty.sslContext.*}) of stock Jetty that set an attribute. */
    public static final Map<String, String> MODULE_PROPERTIES = Map.ofEntries(
            Map.entry("provider", "jetty.sslContext.provider"),
            Map.entry("keyStorePath", "jetty.sslContext.keyStorePath"),
            Map.entry("keyStorePassword", "jetty.sslContext.keyStorePassword"),
            Map.entry("keyStoreType", "jetty.sslContext.keyStoreType"),
            Map.entry("keyStoreProvider", "jetty.sslContext.keyStoreProvider"),
            Map.entry("keyManagerPassword", "jetty.sslContext.keyManagerPassword"),
            Map.entry("trustStorePath", "jetty.sslContext.trustStorePath"),
            Map.entry("trustStorePassword", "jetty.sslContext.trustStorePassword"),
            Map.entry("trustStoreType", "jetty.sslContext.trustStoreType"),
            Map.entry("trustStoreProvider", "jetty.sslContext.trustStoreProvider"),
            Map.entry("endpointIdentificationAlgorithm",
                    "jetty.sslContext.endpointIdentificationAlgorithm"),
            Map.entry("needClientAuth", "jetty.sslContext.needClientAuth"),
            Map.entry("wantClientAuth", "jetty.sslContext.wantClientAuth"),
            Map.entry("useCipherSuitesOrder", "jetty.sslContext.useCipherSuitesOrder"),
            Map.entry("sslSessionCacheSize", "jetty.sslContext.sslSessionCacheSize"),
            Map.entry("sslSessionTimeout", "jetty.sslContext.sslSessionTimeout"),
            Map.entry("renegotiationAllowed", "jetty.sslContext.renegotiationAllowed"),
            Map.entry("renegotiationLimit", "jetty.sslContext.renegotiationLimit"),
            Map.entry("sniRequired", "jetty.sslContext.sniRequired"),
            Map.entry("protocol", "jetty.sslContext.protocol"),
            Map.entry("includeProtocols", "jetty.sslContext.includeProtocols"),
            Map.entry("excludeProtocols", "jetty.sslContext.excludeProtocols"),
            Map.entry("includeCipherSuites", "jetty.sslContext.includeCipherSuites"),
            Map.entry("excludeCipherSuites", "jetty.sslContext.excludeCipherSuites"),
            Map.entry("certAlias", "jetty.sslContext.alias"),
            Map.entry("validateCerts", "jetty.sslContext.validateCertificates"),
            Map.entry("validatePeerCerts", "jetty.sslContext.validatePeerCertificates"),
            Map.entry("secureRandomAlgorithm", "jetty.sslContext.secureRandomAlgorithm"),
            Map.entry("keyManagerFactoryAlgorithm",
                    "jetty.sslContext.keyManagerFactoryAlgorithm"),
            Map.entry("trustManagerFactoryAlgorithm",
                    "jetty.sslContext.trustManagerFactoryAlgorithm"),
            Map.entry("sessionCachingEnabled", "jetty.sslContext.sessionCachingEnabled"));

    private JettyTlsAttributes() {
    }

    /**
     * Fails when {@code factory} has a refused attribute set to other than stock Jetty's default
     * (compared with a freshly constructed {@code SslContextFactory.Server}).
     *
     * @throws SettingsException naming the first such attribute (and its module property)
     */
    public static void refuseUnsupported(SslContextFactory.Server factory) {
        List<Attribute<SslContextFactory.Server>> set =
                TABLE.refusedSet(factory, new SslContextFactory.Server());
        if (!set.isEmpty()) {
            throw refusal(set.get(0));
        }
    }

    /** The start error for refused attribute {@code attribute}. */
    static SettingsException refusal(Attribute<?> attribute) {
        String property = MODULE_PROPERTIES.get(attribute.name());
        return new SettingsException(attribute.name(), attribute.detail()
                + (property == null ? "" : " (module property " + property + ")"));
    }
}
