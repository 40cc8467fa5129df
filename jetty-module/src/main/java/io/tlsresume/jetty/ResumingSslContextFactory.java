package io.tlsresume.jetty;

import io.tlsresume.core.KeySource;
import io.tlsresume.core.ResumptionNode;
import io.tlsresume.core.Setting;
import io.tlsresume.core.Settings;
import io.tlsresume.core.SettingsException;
import io.tlsresume.core.engine.EngineKind;
import io.tlsresume.core.engine.ServerTlsContext;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.EnumSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Consumer;
import javax.net.ssl.SSLEngine;
import javax.net.ssl.SSLParameters;
import org.eclipse.jetty.util.StringUtil;
import org.eclipse.jetty.util.ssl.SslContextFactory;

/**
 * A Jetty {@link SslContextFactory.Server} whose engines are Netty's BoringSSL engine with
 * session-ticket keys shared by every node of the cluster, so a client resumes its TLS session on
 * whichever node the balancer picks.
 *
 * <p>Keys are configured the usual Jetty way ({@code keyStorePath}, {@code keyStorePassword},
 * {@code keyStoreType}, {@code certAlias}, {@code keyManagerPassword}); tlsresume's own settings
 * (see {@link Setting}) are passed by name through {@link #setSetting(String, String)} or
 * {@link #setSettings(Map)}. {@link #start()} joins the cluster; {@link #stop()} leaves it.
 * Invalid settings make {@code start()} fail with a {@link SettingsException} naming the setting.
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
    private volatile ServerTlsContext context;

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
        refuseClientAuthentication();
        Settings validated = buildSettings();
        KeySource keys = JettyKeySource.of(this);
        // The key signs this node's ring membership card, so the node needs it to join.
        ResumptionNode started = ResumptionNode.start(validated, keys);
        try {
            context = started.newServerContext(keys, alpnProtocols);
            node = started;
            // Jetty's start builds its own (unused) JSSE context and asks for one engine to size
            // buffers: the node must be up by then.
            super.doStart();
            requireCommonChoices();
        } catch (Throwable e) {
            stopNode(started);
            throw e;
        }
    }

    /**
     * The engine's context has no trust store of Jetty's: Netty would check client certificates
     * against the JDK's public CAs, silently ignoring Jetty's trust store. Refuse instead.
     */
    private void refuseClientAuthentication() {
        if (getNeedClientAuth() || getWantClientAuth()) {
            throw new SettingsException(getNeedClientAuth() ? "needClientAuth" : "wantClientAuth",
                    "client certificates are not supported by tlsresume's engine (Jetty's trust"
                            + " store would not be applied); leave it false");
        }
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
     * Jetty's key store reload (e.g. {@code KeyStoreScanner} after a certificate renewal) also
     * renews the engine's context; the new context follows the same ring, so sessions made
     * before the reload still resume.
     */
    @Override
    public void reload(Consumer<SslContextFactory> consumer) throws Exception {
        super.reload(consumer);
        ResumptionNode running = node;
        if (running != null) {
            ServerTlsContext old = context;
            context = running.newServerContext(JettyKeySource.of(this), alpnProtocols);
            if (old != null) {
                running.release(old);
            }
        }
    }

    private void stopNode(ResumptionNode running) {
        ServerTlsContext current = context;
        context = null;
        node = null;
        if (current != null) {
            running.release(current);
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
        if (built.engine() != EngineKind.BORINGSSL) {
            throw built.invalid(Setting.ENGINE, "Jetty runs on engine=boringssl only: the"
                    + " OpenSSL engine is Tomcat's own FFM engine (see the README)", null);
        }
        return built;
    }

    @Override
    public SSLEngine newSSLEngine() {
        SSLEngine engine = requireContext().newEngine();
        customize(engine);
        return engine;
    }

    @Override
    public SSLEngine newSSLEngine(String host, int port) {
        SSLEngine engine = requireContext().newEngine(host, port);
        customize(engine);
        return engine;
    }

    private ServerTlsContext requireContext() {
        ServerTlsContext current = context;
        if (current == null) {
            throw new IllegalStateException(this + " is not started");
        }
        return current;
    }

    /**
     * Jetty selects suites and protocols from the JDK's lists; Netty's engine refuses names it
     * does not know (e.g. TLS_DHE_RSA_*), so keep only what it supports, in Jetty's order.
     */
    @Override
    public SSLParameters customize(SSLParameters params) {
        SSLParameters customized = super.customize(params);
        customized.setCipherSuites(supportedOnly(customized.getCipherSuites(),
                ServerTlsContext.CIPHERS));
        customized.setProtocols(supportedOnly(customized.getProtocols(),
                ServerTlsContext.PROTOCOLS));
        return customized;
    }

    private void requireCommonChoices() {
        if (supportedOnly(getSelectedCipherSuites(), ServerTlsContext.CIPHERS).length == 0) {
            throw new SettingsException("includeCipherSuites", "none of Jetty's selected cipher"
                    + " suites " + Arrays.toString(getSelectedCipherSuites()) + " is one the"
                    + " engine offers " + ServerTlsContext.CIPHERS);
        }
        if (supportedOnly(getSelectedProtocols(), ServerTlsContext.PROTOCOLS).length == 0) {
            throw new SettingsException("includeProtocols", "none of Jetty's selected protocols "
                    + Arrays.toString(getSelectedProtocols()) + " is one the engine offers "
                    + ServerTlsContext.PROTOCOLS);
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
