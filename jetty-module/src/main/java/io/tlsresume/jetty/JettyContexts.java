package io.tlsresume.jetty;

import io.tlsresume.core.KeySource;
import io.tlsresume.core.ResumptionNode;
import io.tlsresume.core.SettingsException;
import io.tlsresume.core.engine.ClientAuth;
import io.tlsresume.core.engine.ClientHello;
import io.tlsresume.core.engine.ContextSelector;
import io.tlsresume.core.engine.KeyType;
import io.tlsresume.core.engine.ObservedSslEngine;
import io.tlsresume.core.engine.ServerTlsContext;
import io.tlsresume.core.engine.SessionScope;
import io.tlsresume.core.engine.TlsContextOptions;
import java.security.GeneralSecurityException;
import java.security.KeyStore;
import java.security.cert.Certificate;
import java.security.cert.X509Certificate;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import javax.net.ssl.KeyManager;
import javax.net.ssl.SSLHandshakeException;
import javax.net.ssl.TrustManager;
import javax.net.ssl.X509ExtendedKeyManager;
import org.eclipse.jetty.util.ssl.X509;

/**
 * The engine contexts one load of a {@link ResumingSslContextFactory} yields: one per key entry
 * of its key store, each scoped to that certificate's host names and the client-certificate
 * trust, and, per connection, the one Jetty's key manager would pick for the client's SNI name
 * and signature algorithms.
 */
final class JettyContexts implements ContextSelector, JettyEngine.Contexts {
    /** Which key a client gets when it accepts both: EC, as the JDK picks for OpenSSL clients. */
    private static final List<KeyType> PREFERENCE = List.of(KeyType.EC, KeyType.RSA);

    private final Map<X509Certificate, ServerTlsContext> byLeaf;
    private final ServerTlsContext first;
    private final X509ExtendedKeyManager keyManager;
    private final boolean selecting;
    private final boolean sniRequired;
    private final ResumptionNode node;

    private JettyContexts(Map<X509Certificate, ServerTlsContext> byLeaf,
            X509ExtendedKeyManager keyManager, boolean selecting, boolean sniRequired,
            ResumptionNode node) {
        this.node = node;
        this.byLeaf = byLeaf;
        this.first = byLeaf.values().iterator().next();
        this.keyManager = keyManager;
        this.selecting = selecting;
        this.sniRequired = sniRequired;
    }

    /** What Jetty's {@code load()} produced: the stores and the managers it built from them. */
    record Loaded(KeyStore keyStore, KeyManager[] keyManagers, TrustManager[] trustManagers) {
    }

    /**
     * Builds a context on {@code node} for every key entry of the loaded key store.
     *
     * @throws SettingsException naming Jetty's setting when a key or the trust cannot be used
     */
    static JettyContexts build(ResumingSslContextFactory factory, ResumptionNode node,
            Loaded loaded, List<String> alpnProtocols) {
        X509ExtendedKeyManager keyManager = x509(loaded.keyManagers());
        ClientAuth clientAuth = JettyClientAuth.of(factory, loaded.trustManagers());
        var verification = JettyClientAuth.verificationParameters(factory, clientAuth);
        Map<X509Certificate, ServerTlsContext> contexts = new LinkedHashMap<>();
        try {
            for (String alias : keyEntries(loaded.keyStore())) {
                X509Certificate leaf = (X509Certificate) loaded.keyStore().getCertificate(alias);
                SessionScope scope = SessionScope.of(SessionScope.hostNamesOf(List.of(leaf)),
                        clientAuth, verification);
                KeySource keys = JettyKeySource.entry(factory, loaded.keyStore(), alias);
                TlsContextOptions options = TlsContextOptions.defaults()
                        .withAlpn(alpnProtocols).withClientAuth(clientAuth).withScope(scope);
                contexts.put(leaf, node.newServerContext(keys, options));
            }
        } catch (GeneralSecurityException e) {
            contexts.values().forEach(node::release);
            throw new SettingsException("keyStorePath", "cannot read the key store: "
                    + e.getMessage(), e);
        } catch (RuntimeException | Error e) {
            contexts.values().forEach(node::release);
            throw e;
        }
        if (contexts.isEmpty()) {
            throw new SettingsException("keyStorePath", "the key store holds no private key"
                    + " entry with an X.509 certificate");
        }
        boolean selecting = contexts.size() > 1 || factory.isSniRequired()
                || factory.getSNISelector() != null;
        return new JettyContexts(contexts, keyManager, selecting, factory.isSniRequired(),
                node);
    }

    /** A server engine for one connection; it switches to the right context on ClientHello. */
    @Override
    public ObservedSslEngine newEngine(String peerHost, int peerPort) {
        return selecting ? first.newEngine(peerHost, peerPort, this)
                : first.newEngine(peerHost, peerPort);
    }

    /** Every context, in key store order. */
    List<ServerTlsContext> contexts() {
        return List.copyOf(byLeaf.values());
    }

    @Override
    public List<String> cipherSuites() {
        return ServerTlsContext.CIPHERS;
    }

    @Override
    public List<String> protocols() {
        return ServerTlsContext.PROTOCOLS;
    }

    /** Stops the ring updating these contexts; they keep serving connections already made. */
    @Override
    public void release() {
        byLeaf.values().forEach(node::release);
    }

    @Override
    public ServerTlsContext select(ClientHello hello) throws SSLHandshakeException {
        String host = hello.serverName();
        List<KeyType> order = new ArrayList<>();
        PREFERENCE.stream().filter(hello::accepts).forEach(order::add);
        // A client that seems to accept neither still gets a key: BoringSSL then fails the
        // handshake with the proper alert, as the JDK would.
        PREFERENCE.stream().filter(type -> !order.contains(type)).forEach(order::add);
        for (KeyType type : order) {
            ServerTlsContext chosen = forAlias(choose(type.name(), host));
            if (chosen != null) {
                return chosen;
            }
        }
        throw new SSLHandshakeException("no key store entry serves "
                + (host == null ? "a client without SNI" : "SNI host " + host)
                + (sniRequired ? " (sniRequired)" : ""));
    }

    private String choose(String keyType, String host) throws SSLHandshakeException {
        if (keyManager instanceof SniKeyChooser sni) {
            try {
                return sni.choose(keyType, host);
            } catch (IllegalArgumentException e) {
                throw new SSLHandshakeException("invalid SNI host name: " + e.getMessage());
            }
        }
        // Jetty did not install its SNI manager: the JDK's (or certAlias's) choice alone.
        return keyManager.chooseEngineServerAlias(keyType, null, null);
    }

    /** By certificate, not alias: the JDK's PKIX key manager hands out mangled aliases. */
    private ServerTlsContext forAlias(String alias) {
        if (alias == null) {
            return null;
        }
        X509Certificate[] chain = keyManager.getCertificateChain(alias);
        return chain == null || chain.length == 0 ? null : byLeaf.get(chain[0]);
    }

    private static List<String> keyEntries(KeyStore store) throws GeneralSecurityException {
        List<String> aliases = new ArrayList<>();
        for (String alias : Collections.list(store.aliases())) {
            Certificate certificate = store.getCertificate(alias);
            if (store.isKeyEntry(alias) && certificate instanceof X509Certificate x509
                    && !X509.isCertSign(x509)) {
                aliases.add(alias);
            }
        }
        return aliases;
    }

    private static X509ExtendedKeyManager x509(KeyManager[] managers) {
        if (managers != null) {
            for (KeyManager manager : managers) {
                if (manager instanceof X509ExtendedKeyManager x509) {
                    return x509;
                }
            }
        }
        throw new SettingsException("keyManagerFactoryAlgorithm", "Jetty's key manager factory"
                + " gave no X509ExtendedKeyManager");
    }
}
