package io.tlsresume.jetty;

import io.tlsresume.core.KeySource;
import io.tlsresume.core.ResumptionNode;
import io.tlsresume.core.Setting;
import io.tlsresume.core.Settings;
import io.tlsresume.core.SettingsException;
import io.tlsresume.core.engine.EngineKind;
import io.tlsresume.core.engine.ServerTlsContext;
import java.security.KeyStore;
import java.security.cert.CRL;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Arrays;
import java.util.EnumSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Consumer;
import javax.net.ssl.KeyManager;
import javax.net.ssl.SSLEngine;
import javax.net.ssl.SSLParameters;
import javax.net.ssl.TrustManager;
import javax.net.ssl.X509ExtendedKeyManager;
import org.eclipse.jetty.util.StringUtil;
import org.eclipse.jetty.util.ssl.SslContextFactory;

/**
 * A Jetty {@link SslContextFactory.Server} whose engines are Netty's BoringSSL engine with
 * session-ticket keys shared by every node of the cluster, so a client resumes its TLS session on
 * whichever node the balancer picks.
 *
 * <p>TLS is configured the usual Jetty way, and Jetty's own {@code load()} reads it: the key
 * store ({@code keyStorePath} or {@link #setKeyStore}, {@code keyStorePassword},
 * {@code keyStoreType}, {@code keyManagerPassword}, {@code certAlias}), client certificates
 * ({@code needClientAuth}, {@code wantClientAuth}, the trust store or {@link #setTrustStore} —
 * the key store when none, as in stock Jetty — {@code crlPath}, {@code validatePeerCerts},
 * {@code maxCertPathLength}, {@code enableCRLDP}, {@code enableOCSP}), and several key entries
 * chosen per connection exactly as stock Jetty chooses them: by the client's SNI name through
 * Jetty's {@code SniX509ExtendedKeyManager} ({@code sniRequired}, wildcards, a custom
 * {@code SNISelector}) and, for one host with an RSA and an EC entry, by the client's signature
 * algorithms. Each entry resumes only sessions of its own scope: its certificate's host names
 * and the client-certificate trust (see {@code docs/jetty.md}).
 *
 * <p>tlsresume's own settings (see {@link Setting}) are passed by name through
 * {@link #setSetting(String, String)} or {@link #setSettings(Map)}. {@link #start()} joins the
 * cluster; {@link #stop()} leaves it. Invalid settings make {@code start()} fail with a
 * {@link SettingsException} naming the setting.
 *
 * <p>For HTTP/2 set {@link #setAlpnProtocols(String)} to the connector's ALPN protocols: this
 * engine negotiates ALPN itself, from this list, not from Jetty's connection factory.
 */
public class ResumingSslContextFactory extends SslContextFactory.Server {
    /** Key settings come from Jetty's own key store properties, never from tlsresume's. */
    static final Set<Setting> KEY_SETTINGS = EnumSet.of(Setting.KEY_STORE_PATH,
            Setting.KEY_STORE_TYPE, Setting.KEY_STORE_PASSWORD, Setting.KEY_ALIAS,
            Setting.KEY_PASSWORD, Setting.PEM_CERT_CHAIN, Setting.PEM_PRIVATE_KEY,
            Setting.PEM_KEY_PASSWORD);

    private final Map<String, String> settings = new LinkedHashMap<>();
    private List<String> alpnProtocols = List.of();
    private volatile ResumptionNode node;
    private volatile JettyEngine.Contexts contexts;
    /** The engine named by the {@code engine} setting; {@code null} for boringssl. */
    private volatile JettyEngine otherEngine;
    // Set by Jetty's load() (start and reload) through the overrides below.
    private volatile KeyStore loadedKeyStore;
    private volatile KeyManager[] loadedKeyManagers;
    private volatile TrustManager[] loadedTrustManagers;

    /**
     * Sets one tlsresume setting by its name in {@link Setting} (e.g. {@code rotationInterval},
     * {@code cluster.members}), with or without the {@code tlsresume.} prefix. A {@code null}
     * value leaves the setting at its default; names and values are checked on start.
     */
    public void setSetting(String name, String value) {
        if (value != null) {
            settings.put(name, value);
        }
    }

    /** Sets several tlsresume settings; see {@link #setSetting(String, String)}. */
    public void setSettings(Map<String, String> values) {
        values.forEach(this::setSetting);
    }

    /** The tlsresume settings set so far, by the names they were set with. */
    public Map<String, String> getSettings() {
        return Map.copyOf(settings);
    }

    /**
     * The protocols this engine offers by ALPN, in preference order, comma-separated, e.g.
     * {@code h2,http/1.1}. Empty (the default): no ALPN, every connection speaks the
     * connector's default protocol. Must match the connector's {@code ALPNServerConnectionFactory}.
     */
    public void setAlpnProtocols(String protocols) {
        this.alpnProtocols = protocols == null ? List.of()
                : List.of(StringUtil.csvSplit(protocols.replace(" ", "")));
    }

    /** The ALPN protocols this engine offers. */
    public String getAlpnProtocols() {
        return String.join(",", alpnProtocols);
    }

    /** The running node; {@code null} while stopped. */
    public ResumptionNode getNode() {
        return node;
    }

    /** This node's id, or {@code null} while stopped. */
    public String getNodeId() {
        ResumptionNode current = node;
        return current == null ? null : current.settings().nodeId();
    }

    @Override
    protected void doStart() throws Exception {
        // Validate everything before the cluster is joined, so a typo costs no Hazelcast start.
        JettyTlsAttributes.refuseUnsupported(this);
        Settings validated = buildSettings();
        KeySource identity = JettyKeySource.of(this);
        // The key signs this node's ring membership card, so the node needs it to join.
        ResumptionNode started = ResumptionNode.start(validated, identity);
        try {
            node = started;
            // Jetty's own load(): key store, trust store, CRLs and key managers, exactly as
            // stock Jetty builds them; the overrides below keep what the engine needs.
            super.doStart();
            contexts = build(started);
            requireCommonChoices();
        } catch (Throwable e) {
            stopNode(started);
            throw e;
        }
    }

    @Override
    protected KeyManager[] getKeyManagers(KeyStore keyStore) throws Exception {
        KeyManager[] managers = super.getKeyManagers(keyStore);
        loadedKeyStore = keyStore;
        loadedKeyManagers = managers;
        return managers;
    }

    @Override
    protected TrustManager[] getTrustManagers(KeyStore trustStore,
            Collection<? extends CRL> crls) throws Exception {
        TrustManager[] managers = super.getTrustManagers(trustStore, crls);
        loadedTrustManagers = managers;
        return managers;
    }

    /** Jetty's SNI key manager, which tlsresume also asks before each handshake. */
    @Override
    protected X509ExtendedKeyManager newSniX509ExtendedKeyManager(
            X509ExtendedKeyManager keyManager) {
        return new SniKeyChooser(keyManager, this);
    }

    private JettyEngine.Contexts build(ResumptionNode running) throws Exception {
        JettyEngine engine = otherEngine;
        return engine == null ? JettyContexts.build(this, running, loaded(), alpnProtocols)
                : engine.start(this, running, loaded().keyStore(), loaded().keyManagers(),
                        alpnProtocols);
    }

    private JettyContexts.Loaded loaded() {
        if (loadedKeyStore == null) {
            throw new SettingsException("keyStorePath", "Jetty loaded no key store");
        }
        return new JettyContexts.Loaded(loadedKeyStore, loadedKeyManagers, loadedTrustManagers);
    }

    @Override
    protected void doStop() throws Exception {
        try {
            super.doStop();
        } finally {
            ResumptionNode running = node;
            if (running != null) {
                stopNode(running);
            }
        }
    }

    /**
     * Jetty's key store reload (e.g. {@code KeyStoreScanner} after a certificate renewal, or a
     * new trust store) also renews the engine's contexts; they follow the same ring and, as
     * long as the host names and client-certificate trust stay the same, the same scope, so
     * sessions made before the reload still resume.
     */
    @Override
    public void reload(Consumer<SslContextFactory> consumer) throws Exception {
        super.reload(consumer);
        ResumptionNode running = node;
        if (running != null) {
            JettyEngine.Contexts old = contexts;
            contexts = build(running);
            if (old != null) {
                old.release();
            }
        }
    }

    /**
     * The engine contexts now serving, one per key entry, in key store order; empty while
     * stopped. For checking which scope each entry resumes in.
     */
    public List<ServerTlsContext> getContexts() {
        return contexts instanceof JettyContexts current ? current.contexts() : List.of();
    }

    private void stopNode(ResumptionNode running) {
        JettyEngine.Contexts current = contexts;
        contexts = null;
        node = null;
        if (current != null) {
            current.release();
        }
        running.close();
    }

    private Settings buildSettings() {
        Settings.Builder builder = Settings.builder();
        settings.forEach((name, value) -> {
            if (Setting.byName(name).filter(KEY_SETTINGS::contains).isPresent()) {
                throw new SettingsException(name, "with Jetty the server key comes from the"
                        + " SslContextFactory's keyStorePath, keyStorePassword, keyStoreType,"
                        + " certAlias and keyManagerPassword (module properties"
                        + " jetty.sslContext.*); remove " + name);
            }
            builder.set(name, value);
        });
        Settings built = builder.build();
        otherEngine = null;
        if (built.engine() != EngineKind.BORINGSSL) {
            JettyEngine engine = JettyEngine.find(built.engine());
            if (engine == null) {
                throw built.invalid(Setting.ENGINE, "no Jetty engine for engine="
                        + JettyEngine.settingValue(built.engine()) + " on the class path: it"
                        + " needs Java 22+ and tlsresume-jetty-openssl.jar with its jars"
                        + " (docs/jetty.md, \"engine=openssl\")", null);
            }
            otherEngine = engine;
        }
        return built;
    }

    @Override
    public SSLEngine newSSLEngine() {
        return newSSLEngine(null, -1);
    }

    @Override
    public SSLEngine newSSLEngine(String host, int port) {
        JettyEngine.Contexts current = contexts;
        if (current == null) {
            throw new IllegalStateException(this + " is not started");
        }
        SSLEngine engine = current.newEngine(host, port);
        customize(engine);
        return engine;
    }

    /**
     * Jetty selects suites and protocols from the JDK's lists; Netty's engine refuses names it
     * does not know (e.g. TLS_DHE_RSA_*), so keep only what the engine supports, in Jetty's
     * order.
     */
    @Override
    public SSLParameters customize(SSLParameters params) {
        SSLParameters customized = super.customize(params);
        JettyEngine.Contexts current = contexts;
        customized.setCipherSuites(supportedOnly(customized.getCipherSuites(),
                current == null ? ServerTlsContext.CIPHERS : current.cipherSuites()));
        customized.setProtocols(supportedOnly(customized.getProtocols(),
                current == null ? ServerTlsContext.PROTOCOLS : current.protocols()));
        return customized;
    }

    private void requireCommonChoices() {
        List<String> ciphers = contexts.cipherSuites();
        List<String> protocols = contexts.protocols();
        if (supportedOnly(getSelectedCipherSuites(), ciphers).length == 0) {
            throw new SettingsException("includeCipherSuites", "none of Jetty's selected cipher"
                    + " suites " + Arrays.toString(getSelectedCipherSuites()) + " is one the"
                    + " engine offers " + ciphers);
        }
        if (supportedOnly(getSelectedProtocols(), protocols).length == 0) {
            throw new SettingsException("includeProtocols", "none of Jetty's selected protocols "
                    + Arrays.toString(getSelectedProtocols()) + " is one the engine offers "
                    + protocols);
        }
    }

    private static String[] supportedOnly(String[] selected, List<String> supported) {
        if (selected == null) {
            return supported.toArray(String[]::new);
        }
        List<String> kept = new ArrayList<>();
        for (String name : selected) {
            if (supported.contains(name)) {
                kept.add(name);
            }
        }
        return kept.toArray(String[]::new);
    }
}
