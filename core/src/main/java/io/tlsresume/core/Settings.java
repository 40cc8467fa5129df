package io.tlsresume.core;

import io.tlsresume.core.engine.EngineKind;
import io.tlsresume.core.engine.EngineRequirements;
import io.tlsresume.core.spi.EngineSetting;
import io.tlsresume.core.spi.EngineSettingValues;
import io.tlsresume.core.spi.TlsEngineProvider;
import java.io.IOException;
import java.io.InputStream;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.cert.Certificate;
import java.security.cert.CertificateFactory;
import java.security.cert.X509Certificate;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.Collection;
import java.util.EnumMap;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.function.Function;
import java.util.function.UnaryOperator;
import java.util.regex.Pattern;

/**
 * The validated, immutable configuration of one node. Build it with {@link #builder()}: typed
 * setters ({@link Builder#rotationInterval(Duration)}, ...) check each value at once, the string
 * layer {@link Builder#set(String, String)} (module properties, server attributes) parses text
 * into them, and {@link Builder#build()} checks the settings together. Every failure is a
 * {@link SettingsException} naming the setting as the user wrote it. See {@link Setting} for the
 * engine-independent settings; engines add their own ({@link TlsEngineProvider#settings()}).
 */
public final class Settings {
    /** RFC 8446 section 4.6.1: servers must not advertise a ticket lifetime above 7 days. */
    public static final Duration MAX_TICKET_LIFETIME = Duration.ofDays(7);
    /** Shorter rotation would make key publication race the clock skew between nodes. */
    public static final Duration MIN_ROTATION = Duration.ofSeconds(1);
    /**
     * Every live key is tried by name on each resumption and held in every engine context; a ring
     * of more keys than this means the rotation is far too short for the ticket lifetime.
     */
    public static final int MAX_LIVE_KEYS = 1000;

    private static final Pattern IP_LITERAL = Pattern.compile("[0-9.]+|[0-9a-fA-F:]+");
    /** RFC 1123 host name, optionally fully qualified with a trailing dot. */
    private static final Pattern DNS_NAME = Pattern.compile(
            "[A-Za-z0-9]([A-Za-z0-9-]*[A-Za-z0-9])?"
                    + "(\\.[A-Za-z0-9]([A-Za-z0-9-]*[A-Za-z0-9])?)*\\.?");
    /** A Kubernetes object name (namespace, Service): an RFC 1123 label. */
    private static final Pattern DNS_LABEL = Pattern.compile("[a-z0-9]([-a-z0-9]{0,61}[a-z0-9])?");
    /** A Kubernetes label: optional DNS prefix and a name, '=', a value. */
    private static final Pattern LABEL = Pattern.compile(
            "([a-z0-9.-]+/)?[A-Za-z0-9]([-A-Za-z0-9_.]*[A-Za-z0-9])?"
                    + "=[A-Za-z0-9]([-A-Za-z0-9_.]*[A-Za-z0-9])?");

    private final String nodeId;
    private final EngineKind engine;
    private final ClusterMode clusterMode;
    private final String clusterName;
    private final List<String> clusterMembers;
    private final ClusterDiscovery clusterDiscovery;
    private final String kubernetesServiceDns;
    private final Duration kubernetesServiceDnsTimeout;
    private final String kubernetesNamespace;
    private final String kubernetesServiceName;
    private final String kubernetesServiceLabel;
    private final int configuredExpectedMembers;
    private final String clusterInterface;
    private final Optional<String> clusterInterfaceChoice;
    private final int clusterPort;
    private final Optional<Path> clusterConfig;
    private final Duration clusterTimeout;
    private final Duration clusterJoinGrace;
    private final Duration rotationInterval;
    private final Duration ticketLifetime;
    private final Optional<KeySource> keySource;
    private final boolean sealing;
    private final SealingTrust sealingTrust;
    private final List<X509Certificate> sealingTrustCa;
    private final Set<String> sealingTrustPins;
    private final Map<EngineKind, Object> engineSettings;
    private final Names names;

    private Settings(Builder b) {
        this.names = b.names.copy();
        this.clusterPort = b.clusterPort;
        this.engine = b.engine;
        this.clusterMode = b.clusterMode;
        this.clusterName = b.clusterName;
        this.clusterMembers = b.clusterMembers;
        this.clusterConfig = b.clusterConfig;
        this.clusterDiscovery = b.clusterDiscovery;
        this.kubernetesServiceDns = b.kubernetesServiceDns;
        this.kubernetesServiceDnsTimeout = b.kubernetesServiceDnsTimeout;
        this.kubernetesNamespace = b.kubernetesNamespace;
        this.kubernetesServiceName = b.kubernetesServiceName;
        this.kubernetesServiceLabel = b.kubernetesServiceLabel;
        this.configuredExpectedMembers = b.clusterExpectedMembers;
        checkDiscovery();
        if (b.clusterInterface.equals(AutomaticInterface.AUTO) && clusterMode == ClusterMode.MEMBER
                && clusterConfig.isEmpty()) {
            AutomaticInterface.Choice choice;
            try {
                choice = AutomaticInterface.ofThisHost();
            } catch (IllegalArgumentException e) {
                throw names.invalid(Setting.CLUSTER_INTERFACE.key(), e.getMessage());
            }
            this.clusterInterface = choice.address();
            this.clusterInterfaceChoice = Optional.of(choice.reason());
        } else {
            this.clusterInterface = b.clusterInterface;
            this.clusterInterfaceChoice = Optional.empty();
        }
        this.nodeId = b.nodeId.isEmpty() ? defaultNodeId() : b.nodeId;
        this.clusterTimeout = b.clusterTimeout;
        this.clusterJoinGrace = b.clusterJoinGrace;
        this.rotationInterval = b.rotationInterval;
        this.ticketLifetime = b.ticketLifetime;
        long liveKeys = ticketLifetime.toMillis() / rotationInterval.toMillis() + 2;
        if (liveKeys > MAX_LIVE_KEYS) {
            throw names.invalid(Setting.ROTATION_INTERVAL.key(), "with ticketLifetime "
                    + Durations.format(ticketLifetime) + " a rotation every "
                    + Durations.format(rotationInterval) + " keeps " + liveKeys + " keys alive;"
                    + " at most " + MAX_LIVE_KEYS + " are allowed (lengthen the interval)");
        }
        this.sealing = b.sealing;
        this.sealingTrust = b.sealingTrust;
        this.sealingTrustCa = b.sealingTrustCa;
        if (sealing && sealingTrust == SealingTrust.CA && sealingTrustCa.isEmpty()) {
            throw names.invalid(Setting.SEALING_TRUST_CA.key(), "sealing.trust=ca needs a PEM"
                    + " file of CA certificates");
        }
        this.sealingTrustPins = b.sealingTrustPins;
        if (sealing && sealingTrust == SealingTrust.PINNED && sealingTrustPins.isEmpty()) {
            throw names.invalid(Setting.SEALING_TRUST_PINS.key(), "sealing.trust=pinned needs at"
                    + " least one pin");
        }
        this.keySource = b.keySource();
        this.engineSettings = b.engineSettings();
    }

    /**
     * The discovery settings together: each applies to one discovery only, and nothing set for
     * another discovery is ignored silently.
     */
    private void checkDiscovery() {
        String discovery = names.of(Setting.CLUSTER_DISCOVERY.key()) + "="
                + clusterDiscovery.text();
        if (clusterDiscovery == ClusterDiscovery.MEMBERS) {
            refuseDnsSettings(discovery);
            refuseApiSettings(discovery);
            if (configuredExpectedMembers > 0) {
                throw names.invalid(Setting.CLUSTER_EXPECTED_MEMBERS.key(), "follows from "
                        + names.of(Setting.CLUSTER_MEMBERS.key()) + " with " + discovery
                        + "; set it with a Kubernetes discovery only");
            }
            return;
        }
        if (clusterMode != ClusterMode.MEMBER || clusterConfig.isPresent()) {
            throw names.invalid(Setting.CLUSTER_DISCOVERY.key(), "'" + clusterDiscovery.text()
                    + "' configures the embedded member, so it needs "
                    + names.of(Setting.CLUSTER_MODE.key()) + "=member without "
                    + names.of(Setting.CLUSTER_CONFIG.key()) + " (a Hazelcast file configures"
                    + " its own join)");
        }
        if (!clusterMembers.isEmpty()) {
            throw names.invalid(Setting.CLUSTER_MEMBERS.key(), "lists members while " + discovery
                    + " finds them; remove one of the two");
        }
        if (clusterDiscovery == ClusterDiscovery.KUBERNETES_DNS) {
            if (kubernetesServiceDns.isEmpty()) {
                throw names.invalid(Setting.CLUSTER_KUBERNETES_SERVICE_DNS.key(), "must be set"
                        + " with " + discovery + ": the DNS name of the headless Service of"
                        + " the nodes' pods, e.g. tlsresume-hz.default.svc.cluster.local");
            }
            refuseApiSettings(discovery);
            return;
        }
        refuseDnsSettings(discovery);
        String serviceName = names.of(Setting.CLUSTER_KUBERNETES_SERVICE_NAME.key());
        String serviceLabel = names.of(Setting.CLUSTER_KUBERNETES_SERVICE_LABEL.key());
        if (kubernetesServiceName.isEmpty() && kubernetesServiceLabel.isEmpty()) {
            throw names.invalid(Setting.CLUSTER_KUBERNETES_SERVICE_NAME.key(), "must be set"
                    + " with " + discovery + " (or " + serviceLabel + "): it names the Service"
                    + " whose endpoints are the members");
        }
        if (!kubernetesServiceName.isEmpty() && !kubernetesServiceLabel.isEmpty()) {
            throw names.invalid(Setting.CLUSTER_KUBERNETES_SERVICE_LABEL.key(), "set either "
                    + serviceName + " or " + serviceLabel + ", not both");
        }
    }

    private void refuseDnsSettings(String discovery) {
        String why = "the kubernetes-dns discovery only (" + discovery + ")";
        refuseSet(Setting.CLUSTER_KUBERNETES_SERVICE_DNS, kubernetesServiceDns, why);
        refuseSet(Setting.CLUSTER_KUBERNETES_SERVICE_DNS_TIMEOUT,
                Durations.format(kubernetesServiceDnsTimeout), why);
    }

    private void refuseApiSettings(String discovery) {
        String why = "the kubernetes-api discovery only (" + discovery + ")";
        refuseSet(Setting.CLUSTER_KUBERNETES_NAMESPACE, kubernetesNamespace, why);
        refuseSet(Setting.CLUSTER_KUBERNETES_SERVICE_NAME, kubernetesServiceName, why);
        refuseSet(Setting.CLUSTER_KUBERNETES_SERVICE_LABEL, kubernetesServiceLabel, why);
    }

    /** Fails when {@code setting}, which the chosen discovery does not read, is not default. */
    private void refuseSet(Setting setting, String value, String appliesTo) {
        if (!value.equals(setting.defaultValue())) {
            throw names.invalid(setting.key(), "applies to " + appliesTo + "; remove it");
        }
    }

    /** A builder with every setting at its default. */
    public static Builder builder() {
        return new Builder();
    }

    /** Node name for logs, metrics and diagnostics. */
    public String nodeId() {
        return nodeId;
    }

    /** The TLS engine. */
    public EngineKind engine() {
        return engine;
    }

    /** How this node shares its ring. */
    public ClusterMode clusterMode() {
        return clusterMode;
    }

    /** Hazelcast cluster name. */
    public String clusterName() {
        return clusterName;
    }

    /** Members to join, each {@code host:port}. */
    public List<String> clusterMembers() {
        return clusterMembers;
    }

    /**
     * Address the embedded member binds to: with {@code cluster.interface=auto} the address
     * chosen at build time ({@link #clusterInterfaceChoice()}).
     */
    public String clusterInterface() {
        return clusterInterface;
    }

    /**
     * With {@code cluster.interface=auto}, the chosen address and why it was chosen, for the
     * start log; empty when the address was named.
     */
    public Optional<String> clusterInterfaceChoice() {
        return clusterInterfaceChoice;
    }

    /** How the embedded member finds its peers. */
    public ClusterDiscovery clusterDiscovery() {
        return clusterDiscovery;
    }

    /** The headless Service's DNS name with {@link ClusterDiscovery#KUBERNETES_DNS}; else empty. */
    public String kubernetesServiceDns() {
        return kubernetesServiceDns;
    }

    /** Bound on one DNS lookup with {@link ClusterDiscovery#KUBERNETES_DNS}; whole seconds. */
    public Duration kubernetesServiceDnsTimeout() {
        return kubernetesServiceDnsTimeout;
    }

    /** The Service's namespace with {@link ClusterDiscovery#KUBERNETES_API}; empty: the pod's. */
    public String kubernetesNamespace() {
        return kubernetesNamespace;
    }

    /** The Service's name with {@link ClusterDiscovery#KUBERNETES_API}; empty when by label. */
    public String kubernetesServiceName() {
        return kubernetesServiceName;
    }

    /**
     * The Services' label ({@code name=value}) with {@link ClusterDiscovery#KUBERNETES_API};
     * empty when by name.
     */
    public String kubernetesServiceLabel() {
        return kubernetesServiceLabel;
    }

    /** Port of the embedded member. */
    public int clusterPort() {
        return clusterPort;
    }

    /** A user-supplied Hazelcast configuration file. */
    public Optional<Path> clusterConfig() {
        return clusterConfig;
    }

    /** Bound on each cluster store call. */
    public Duration clusterTimeout() {
        return clusterTimeout;
    }

    /** How long a member may be alone before that is a WARN. */
    public Duration clusterJoinGrace() {
        return clusterJoinGrace;
    }

    /** How long one key encrypts. */
    public Duration rotationInterval() {
        return rotationInterval;
    }

    /** Advertised ticket lifetime. */
    public Duration ticketLifetime() {
        return ticketLifetime;
    }

    /** Where the server's key and certificate chain come from, if configured here. */
    public Optional<KeySource> keySource() {
        return keySource;
    }

    /** Whether ring keys are sealed in the store ({@link Setting#SEALING}). */
    public boolean sealing() {
        return sealing;
    }

    /** Whose membership cards are accepted. */
    public SealingTrust sealingTrust() {
        return sealingTrust;
    }

    /** The CA certificates trusted with {@link SealingTrust#CA}; empty otherwise. */
    public List<X509Certificate> sealingTrustCa() {
        return sealingTrustCa;
    }

    /** The pinned key hashes (base64 SHA-256 of SPKI) with {@link SealingTrust#PINNED}. */
    public Set<String> sealingTrustPins() {
        return sealingTrustPins;
    }

    /**
     * How many members this node expects to see, itself included: the configured members plus
     * this node when it is not listed; with a Kubernetes discovery {@code
     * cluster.expectedMembers}, or 2 (at least one peer) when that is empty. 1 for a client or
     * when keys are not shared.
     */
    public int expectedMembers() {
        if (clusterMode != ClusterMode.MEMBER) {
            // A client sees the server members, not peers of its own: only failures degrade it.
            return 1;
        }
        if (clusterDiscovery != ClusterDiscovery.MEMBERS) {
            // Nobody can list the pods in advance; a lone member is degraded unless told so.
            return configuredExpectedMembers > 0 ? configuredExpectedMembers : 2;
        }
        String self = clusterInterface + ":" + clusterPort;
        int others = (int) clusterMembers.stream().filter(m -> !m.equals(self)).count();
        return others + 1;
    }

    /**
     * The typed settings object of an engine ({@link TlsEngineProvider#engineSettings}), e.g.
     * the OpenSSL engine's. Every engine on the class path has one (its defaults when it is not
     * this node's engine).
     *
     * @throws IllegalStateException if no engine on the class path made one of {@code type}
     */
    public <T> T engineSettings(Class<T> type) {
        for (Object candidate : engineSettings.values()) {
            if (type.isInstance(candidate)) {
                return type.cast(candidate);
            }
        }
        throw new IllegalStateException("no engine on the class path has settings of type "
                + type.getName());
    }

    /**
     * The name of {@code setting} as the user wrote it ({@code rotationInterval} as a Tomcat
     * attribute, {@code tlsresume.rotationInterval} as a module property, ...), for messages.
     */
    public String nameOf(Setting setting) {
        return names.of(setting.key());
    }

    /** The name of an engine's {@code setting} as the user wrote it, for messages. */
    public String nameOf(EngineSetting<?> setting) {
        return names.of(setting.key());
    }

    /**
     * An exception naming {@code setting} as the user wrote it, for a value that fails later
     * than {@link Builder#build()} (a port in use, a key store password that does not open it).
     */
    public SettingsException invalid(Setting setting, String problem, Throwable cause) {
        return new SettingsException(nameOf(setting), problem, cause);
    }

    @Override
    public String toString() {
        // Passwords are left out on purpose.
        Object ownEngine = engineSettings.get(engine);
        return "Settings[node=" + nodeId + ", engine=" + engine + ", cluster=" + clusterMode
                + " '" + clusterName + "' " + clusterInterface + ":" + clusterPort
                + " " + describeDiscovery()
                + ", rotation=" + Durations.format(rotationInterval)
                + ", ticketLifetime=" + Durations.format(ticketLifetime)
                + (ownEngine == null ? "" : ", " + ownEngine)
                + ", sealing="
                + (sealing ? sealingTrust.name().toLowerCase(Locale.ROOT) : "OFF")
                + ", keys="
                + keySource.map(KeySource::describe).orElse("from the server") + "]";
    }

    /** How the member finds its peers, for the start log. */
    private String describeDiscovery() {
        return switch (clusterDiscovery) {
            case MEMBERS -> "members=" + clusterMembers;
            case KUBERNETES_DNS -> "discovery=kubernetes-dns " + kubernetesServiceDns;
            case KUBERNETES_API -> "discovery=kubernetes-api "
                    + (kubernetesServiceName.isEmpty() ? "label " + kubernetesServiceLabel
                            : "service " + kubernetesServiceName)
                    + (kubernetesNamespace.isEmpty() ? "" : " in " + kubernetesNamespace);
        };
    }

    /**
     * Unique without configuration: hosts cloned from one image (or containers) share a host
     * name, and two nodes with one id overwrite each other's membership card. A member's
     * advertised address is unique in its cluster (Hazelcast requires it) and survives a
     * restart, so it keeps the JMX name stable; a client, or a member whose address comes from
     * its own Hazelcast file, has no address here and gets a random suffix instead.
     */
    private String defaultNodeId() {
        if (clusterMode == ClusterMode.CLIENT || clusterConfig.isPresent()) {
            byte[] suffix = new byte[4];
            new java.security.SecureRandom().nextBytes(suffix);
            return localHostName() + (clusterMode == ClusterMode.CLIENT ? "-client-" : "-")
                    + java.util.HexFormat.of().formatHex(suffix);
        }
        String host = clusterInterface.contains(":") ? "[" + clusterInterface + "]"
                : clusterInterface;
        return localHostName() + "@" + host + ":" + clusterPort;
    }

    private static String localHostName() {
        try {
            return InetAddress.getLocalHost().getHostName();
        } catch (UnknownHostException e) {
            return "node";
        }
    }

    /** How errors name each setting: as the user wrote it, else in the adapter's style. */
    private static final class Names {
        private final Map<String, String> written;
        private UnaryOperator<String> unwritten;

        Names(Map<String, String> written, UnaryOperator<String> unwritten) {
            this.written = written;
            this.unwritten = unwritten;
        }

        Names copy() {
            return new Names(Map.copyOf(written), unwritten);
        }

        String of(String key) {
            String name = written.get(key);
            return name != null ? name : unwritten.apply(key);
        }

        SettingsException invalid(String key, String problem) {
            return new SettingsException(of(key), problem);
        }
    }

    /**
     * Collects and checks values. Typed setters check their value at once; {@link #set(String,
     * String)} is the string layer over them, for names and values as users write them
     * ({@link Setting} names and engines' names, with or without the {@code tlsresume.} prefix).
     * {@link #build()} checks what only the settings together can show.
     */
    public static final class Builder {
        private final Names names = new Names(new HashMap<>(), Setting.PREFIX::concat);
        private final Map<String, EngineSetting<?>> engineDefinitions = new LinkedHashMap<>();
        private final Map<EngineSetting<?>, Object> engineValues = new HashMap<>();

        private String nodeId;
        private EngineKind engine;
        private ClusterMode clusterMode;
        private String clusterName;
        private List<String> clusterMembers;
        private ClusterDiscovery clusterDiscovery;
        private String kubernetesServiceDns;
        private Duration kubernetesServiceDnsTimeout;
        private String kubernetesNamespace;
        private String kubernetesServiceName;
        private String kubernetesServiceLabel;
        private int clusterExpectedMembers;
        private String clusterInterface;
        private int clusterPort;
        private Optional<Path> clusterConfig;
        private Duration clusterTimeout;
        private Duration clusterJoinGrace;
        private Duration rotationInterval;
        private Duration ticketLifetime;
        private boolean sealing;
        private SealingTrust sealingTrust;
        private List<X509Certificate> sealingTrustCa;
        private Set<String> sealingTrustPins;
        private Optional<Path> keyStorePath;
        private String keyStoreType;
        private String keyStorePassword;
        private String keyAlias;
        private String keyPassword;
        private Optional<Path> pemCertChain;
        private Optional<Path> pemPrivateKey;
        private String pemKeyPassword;
        private KeySource explicitKeySource;

        private Builder() {
            // Defaults go through the string layer: Setting's text is the one default.
            for (Setting s : Setting.values()) {
                set(s, s.defaultValue());
            }
            for (TlsEngineProvider provider : EngineRequirements.providers()) {
                for (EngineSetting<?> s : provider.settings()) {
                    engineDefinitions.put(s.key(), s);
                }
            }
        }

        /**
         * How errors name a setting the user has not set by name (a check across settings, a
         * failure at start): {@code unwritten} maps the short key ({@code sealing.trustCa}) to
         * the name in the adapter's style. The default is the property name
         * ({@code tlsresume.sealing.trustCa}); Tomcat's attributes use the key as is. Settings
         * set by {@link #set(String, String)} are always named as written there.
         */
        public Builder names(UnaryOperator<String> unwritten) {
            names.unwritten = java.util.Objects.requireNonNull(unwritten, "unwritten");
            return this;
        }

        /**
         * Sets one value by name, remembering the name so errors quote it as the user wrote it.
         * A {@code null} value restores the default.
         *
         * @throws SettingsException if no setting has that name or the value is wrong
         */
        public Builder set(String name, String value) {
            String key = name.startsWith(Setting.PREFIX) ? name.substring(Setting.PREFIX.length())
                    : name;
            Optional<Setting> setting = Setting.byName(name);
            EngineSetting<?> engineSetting = engineDefinitions.get(key);
            if (setting.isEmpty() && engineSetting == null) {
                throw new SettingsException(name, "no such setting (known: " + knownNames() + ")"
                        + absentEngines());
            }
            names.written.put(key, name);
            if (setting.isPresent()) {
                return set(setting.get(), value);
            }
            if (value == null) {
                engineValues.remove(engineSetting);
            } else {
                engineValues.put(engineSetting, parse(key, value, engineSetting.parser()));
            }
            return this;
        }

        /**
         * Sets one value from text, as {@link #set(String, String)} does, naming it in errors as
         * the adapter does unless it was set by name. A {@code null} value restores the default.
         *
         * @throws SettingsException if the value is wrong
         */
        public Builder set(Setting setting, String value) {
            String text = value == null ? setting.defaultValue() : value;
            String key = setting.key();
            switch (setting) {
                case NODE_ID -> nodeId(text);
                case ENGINE -> engine(parse(key, text, EngineKind::parse));
                case CLUSTER_MODE -> clusterMode(parse(key, text, t -> ClusterMode.valueOf(
                        t.trim().toUpperCase(Locale.ROOT)), "must be member, client or none"));
                case CLUSTER_NAME -> clusterName(text);
                case CLUSTER_MEMBERS -> clusterMembers(List.of(text.split(",", -1)));
                case CLUSTER_DISCOVERY -> clusterDiscovery(parse(key, text,
                        ClusterDiscovery::parse, "must be members, kubernetes-dns or"
                                + " kubernetes-api"));
                case CLUSTER_KUBERNETES_SERVICE_DNS -> kubernetesServiceDns(text);
                case CLUSTER_KUBERNETES_SERVICE_DNS_TIMEOUT -> kubernetesServiceDnsTimeout(
                        duration(key, text));
                case CLUSTER_KUBERNETES_NAMESPACE -> kubernetesNamespace(text);
                case CLUSTER_KUBERNETES_SERVICE_NAME -> kubernetesServiceName(text);
                case CLUSTER_KUBERNETES_SERVICE_LABEL -> kubernetesServiceLabel(text);
                case CLUSTER_EXPECTED_MEMBERS -> clusterExpectedMembers(text.isBlank() ? 0
                        : parse(key, text, Builder::integer, "is not a number of members"));
                case CLUSTER_INTERFACE -> clusterInterface(text);
                case CLUSTER_PORT -> clusterPort(parse(key, text, Builder::integer,
                        "is not a port number"));
                case CLUSTER_CONFIG -> clusterConfig(parse(key, text, Builder::path));
                case CLUSTER_TIMEOUT -> clusterTimeout(duration(key, text));
                case CLUSTER_JOIN_GRACE -> clusterJoinGrace(duration(key, text));
                case ROTATION_INTERVAL -> rotationInterval(duration(key, text));
                case TICKET_LIFETIME -> ticketLifetime(duration(key, text));
                case SEALING -> sealing(parse(key, text, Builder::onOff, "must be on or off"));
                case SEALING_TRUST -> sealingTrust(parse(key, text, SealingTrust::parse,
                        "must be same-key, ca or pinned"));
                case SEALING_TRUST_CA -> sealingTrustCa(parse(key, text, Builder::path));
                case SEALING_TRUST_PINS -> sealingTrustPins(List.of(text.split(",", -1)));
                case KEY_STORE_PATH -> keyStorePath(parse(key, text, Builder::path));
                case KEY_STORE_TYPE -> keyStoreType(text);
                case KEY_STORE_PASSWORD -> keyStorePassword(text);
                case KEY_ALIAS -> keyAlias(text);
                case KEY_PASSWORD -> keyPassword(text);
                case PEM_CERT_CHAIN -> pemCertChain(parse(key, text, Builder::path));
                case PEM_PRIVATE_KEY -> pemPrivateKey(parse(key, text, Builder::path));
                case PEM_KEY_PASSWORD -> pemKeyPassword(text);
            }
            return this;
        }

        /** Sets every entry of {@code properties}; each key must name a setting. */
        public Builder setAll(Map<String, String> properties) {
            properties.forEach(this::set);
            return this;
        }

        /** {@link Setting#NODE_ID}; empty: host name and cluster port. */
        public Builder nodeId(String id) {
            this.nodeId = required(Setting.NODE_ID, id).trim();
            return this;
        }

        /** {@link Setting#ENGINE}. */
        public Builder engine(EngineKind kind) {
            this.engine = required(Setting.ENGINE, kind);
            return this;
        }

        /** {@link Setting#CLUSTER_MODE}. */
        public Builder clusterMode(ClusterMode mode) {
            this.clusterMode = required(Setting.CLUSTER_MODE, mode);
            return this;
        }

        /** {@link Setting#CLUSTER_NAME}; not blank. */
        public Builder clusterName(String name) {
            this.clusterName = nonBlank(Setting.CLUSTER_NAME, name);
            return this;
        }

        /**
         * {@link Setting#CLUSTER_MEMBERS}: each {@code host:port}, no port ranges; blank entries
         * are skipped.
         */
        public Builder clusterMembers(List<String> members) {
            List<String> checked = new ArrayList<>();
            for (String item : required(Setting.CLUSTER_MEMBERS, members)) {
                String member = item == null ? "" : item.trim();
                if (!member.isEmpty()) {
                    checked.add(member(member));
                }
            }
            this.clusterMembers = List.copyOf(checked);
            return this;
        }

        /** {@link Setting#CLUSTER_DISCOVERY}. */
        public Builder clusterDiscovery(ClusterDiscovery discovery) {
            this.clusterDiscovery = required(Setting.CLUSTER_DISCOVERY, discovery);
            return this;
        }

        /**
         * {@link Setting#CLUSTER_KUBERNETES_SERVICE_DNS}: a DNS name; empty for none. Checked
         * against the discovery by {@link #build()}.
         */
        public Builder kubernetesServiceDns(String name) {
            String value = required(Setting.CLUSTER_KUBERNETES_SERVICE_DNS, name).trim();
            if (!value.isEmpty() && !DNS_NAME.matcher(value).matches()) {
                throw invalid(Setting.CLUSTER_KUBERNETES_SERVICE_DNS, "'" + value + "' is not a"
                        + " DNS name (e.g. tlsresume-hz.default.svc.cluster.local)");
            }
            this.kubernetesServiceDns = value;
            return this;
        }

        /** {@link Setting#CLUSTER_KUBERNETES_SERVICE_DNS_TIMEOUT}: whole seconds, at least 1s. */
        public Builder kubernetesServiceDnsTimeout(Duration timeout) {
            Duration value = positive(Setting.CLUSTER_KUBERNETES_SERVICE_DNS_TIMEOUT, timeout);
            if (value.toNanos() % 1_000_000_000L != 0 || value.toSeconds() > Integer.MAX_VALUE) {
                throw invalid(Setting.CLUSTER_KUBERNETES_SERVICE_DNS_TIMEOUT, "must be whole"
                        + " seconds (Hazelcast counts it in seconds), was "
                        + Durations.format(value));
            }
            this.kubernetesServiceDnsTimeout = value;
            return this;
        }

        /** {@link Setting#CLUSTER_KUBERNETES_NAMESPACE}: a namespace name; empty: the pod's. */
        public Builder kubernetesNamespace(String namespace) {
            this.kubernetesNamespace = objectName(Setting.CLUSTER_KUBERNETES_NAMESPACE,
                    namespace);
            return this;
        }

        /** {@link Setting#CLUSTER_KUBERNETES_SERVICE_NAME}: a Service name; empty for none. */
        public Builder kubernetesServiceName(String service) {
            this.kubernetesServiceName = objectName(Setting.CLUSTER_KUBERNETES_SERVICE_NAME,
                    service);
            return this;
        }

        /** {@link Setting#CLUSTER_KUBERNETES_SERVICE_LABEL}: {@code name=value}; empty for none. */
        public Builder kubernetesServiceLabel(String label) {
            String value = required(Setting.CLUSTER_KUBERNETES_SERVICE_LABEL, label).trim();
            if (!value.isEmpty() && !LABEL.matcher(value).matches()) {
                throw invalid(Setting.CLUSTER_KUBERNETES_SERVICE_LABEL, "'" + value + "' must be"
                        + " one Kubernetes label as name=value, e.g. app.kubernetes.io/name=shop");
            }
            this.kubernetesServiceLabel = value;
            return this;
        }

        /**
         * {@link Setting#CLUSTER_EXPECTED_MEMBERS}: at least 1; 0 restores the default (2 with a
         * Kubernetes discovery).
         */
        public Builder clusterExpectedMembers(int count) {
            if (count < 0) {
                throw invalid(Setting.CLUSTER_EXPECTED_MEMBERS, "must be at least 1, was "
                        + count);
            }
            this.clusterExpectedMembers = count;
            return this;
        }

        private String objectName(Setting setting, String name) {
            String value = required(setting, name).trim();
            if (!value.isEmpty() && !DNS_LABEL.matcher(value).matches()) {
                throw invalid(setting, "'" + value + "' is not a Kubernetes object name (lower"
                        + " case letters, digits and '-', at most 63)");
            }
            return value;
        }

        /**
         * {@link Setting#CLUSTER_INTERFACE}: an IP address, or {@code auto} for the one address
         * of this host besides loopback (chosen by {@link #build()}).
         */
        public Builder clusterInterface(String address) {
            String value = nonBlank(Setting.CLUSTER_INTERFACE, address);
            if (value.equalsIgnoreCase(AutomaticInterface.AUTO)) {
                this.clusterInterface = AutomaticInterface.AUTO;
                return this;
            }
            if (!IP_LITERAL.matcher(value).matches()) {
                throw invalid(Setting.CLUSTER_INTERFACE, "'" + value + "' is not an IP address"
                        + " or auto (Hazelcast binds to addresses, not host names)");
            }
            this.clusterInterface = value;
            return this;
        }

        /** {@link Setting#CLUSTER_PORT}: 1 to 65535. */
        public Builder clusterPort(int port) {
            if (port < 1 || port > 65535) {
                throw invalid(Setting.CLUSTER_PORT, port + " is not a port number (1-65535)");
            }
            this.clusterPort = port;
            return this;
        }

        /** {@link Setting#CLUSTER_CONFIG}: a readable file; {@code null} for none. */
        public Builder clusterConfig(Path file) {
            this.clusterConfig = readable(Setting.CLUSTER_CONFIG, file);
            return this;
        }

        /** {@link Setting#CLUSTER_TIMEOUT}: positive. */
        public Builder clusterTimeout(Duration timeout) {
            this.clusterTimeout = positive(Setting.CLUSTER_TIMEOUT, timeout);
            return this;
        }

        /** {@link Setting#CLUSTER_JOIN_GRACE}: zero or more. */
        public Builder clusterJoinGrace(Duration grace) {
            Duration value = millis(Setting.CLUSTER_JOIN_GRACE, grace);
            if (value.isNegative()) {
                throw invalid(Setting.CLUSTER_JOIN_GRACE, "must not be negative");
            }
            this.clusterJoinGrace = value;
            return this;
        }

        /** {@link Setting#ROTATION_INTERVAL}: at least {@link #MIN_ROTATION}. */
        public Builder rotationInterval(Duration interval) {
            Duration value = positive(Setting.ROTATION_INTERVAL, interval);
            if (value.compareTo(MIN_ROTATION) < 0) {
                throw invalid(Setting.ROTATION_INTERVAL, "must be at least 1s, was "
                        + Durations.format(value));
            }
            this.rotationInterval = value;
            return this;
        }

        /** {@link Setting#TICKET_LIFETIME}: 1s to {@link #MAX_TICKET_LIFETIME}. */
        public Builder ticketLifetime(Duration lifetime) {
            Duration value = positive(Setting.TICKET_LIFETIME, lifetime);
            if (value.compareTo(MAX_TICKET_LIFETIME) > 0) {
                throw invalid(Setting.TICKET_LIFETIME, "must be at most 7d (RFC 8446 section"
                        + " 4.6.1), was " + Durations.format(value));
            }
            if (value.toSeconds() < 1) {
                throw invalid(Setting.TICKET_LIFETIME, "must be at least 1s (TLS counts it in"
                        + " seconds), was " + Durations.format(value));
            }
            this.ticketLifetime = value;
            return this;
        }

        /** {@link Setting#SEALING}. */
        public Builder sealing(boolean on) {
            this.sealing = on;
            return this;
        }

        /** {@link Setting#SEALING_TRUST}. */
        public Builder sealingTrust(SealingTrust trust) {
            this.sealingTrust = required(Setting.SEALING_TRUST, trust);
            return this;
        }

        /**
         * {@link Setting#SEALING_TRUST_CA}: a PEM file of CA certificates, read now;
         * {@code null} for none.
         */
        public Builder sealingTrustCa(Path pemFile) {
            Optional<Path> file = readable(Setting.SEALING_TRUST_CA, pemFile);
            this.sealingTrustCa = file.isEmpty() ? List.of() : certificates(file.get());
            return this;
        }

        /**
         * {@link Setting#SEALING_TRUST_PINS}: base64 SHA-256 hashes of SubjectPublicKeyInfo, with
         * or without {@code sha256/}; blank entries are skipped.
         */
        public Builder sealingTrustPins(Collection<String> pins) {
            Set<String> checked = new LinkedHashSet<>();
            for (String item : required(Setting.SEALING_TRUST_PINS, pins)) {
                String pin = item == null ? "" : item.trim();
                if (pin.startsWith("sha256/")) {
                    pin = pin.substring("sha256/".length());
                }
                if (!pin.isEmpty()) {
                    checked.add(pin(pin));
                }
            }
            this.sealingTrustPins = Set.copyOf(checked);
            return this;
        }

        /** {@link Setting#KEY_STORE_PATH}: a readable file; {@code null} for none. */
        public Builder keyStorePath(Path file) {
            this.keyStorePath = readable(Setting.KEY_STORE_PATH, file);
            return this;
        }

        /** {@link Setting#KEY_STORE_TYPE}: PKCS12 or JKS. */
        public Builder keyStoreType(String type) {
            String value = nonBlank(Setting.KEY_STORE_TYPE, type).toUpperCase(Locale.ROOT);
            if (!value.equals("PKCS12") && !value.equals("JKS")) {
                throw invalid(Setting.KEY_STORE_TYPE, "'" + value + "' must be PKCS12 or JKS");
            }
            this.keyStoreType = value;
            return this;
        }

        /** {@link Setting#KEY_STORE_PASSWORD}. */
        public Builder keyStorePassword(String password) {
            this.keyStorePassword = required(Setting.KEY_STORE_PASSWORD, password);
            return this;
        }

        /** {@link Setting#KEY_ALIAS}; empty: the store's only key entry. */
        public Builder keyAlias(String alias) {
            this.keyAlias = required(Setting.KEY_ALIAS, alias).trim();
            return this;
        }

        /** {@link Setting#KEY_PASSWORD}; empty: the key store password. */
        public Builder keyPassword(String password) {
            this.keyPassword = required(Setting.KEY_PASSWORD, password);
            return this;
        }

        /** {@link Setting#PEM_CERT_CHAIN}: a readable file; {@code null} for none. */
        public Builder pemCertChain(Path file) {
            this.pemCertChain = readable(Setting.PEM_CERT_CHAIN, file);
            return this;
        }

        /** {@link Setting#PEM_PRIVATE_KEY}: a readable file; {@code null} for none. */
        public Builder pemPrivateKey(Path file) {
            this.pemPrivateKey = readable(Setting.PEM_PRIVATE_KEY, file);
            return this;
        }

        /** {@link Setting#PEM_KEY_PASSWORD}; empty for an unencrypted key. */
        public Builder pemKeyPassword(String password) {
            this.pemKeyPassword = required(Setting.PEM_KEY_PASSWORD, password);
            return this;
        }

        /** Sets the key and chain directly, overriding the key store and PEM settings. */
        public Builder keySource(KeySource source) {
            this.explicitKeySource = source;
            return this;
        }

        /**
         * Checks the settings together (ring size, sealing trust, key source, settings of other
         * engines, each engine's own checks).
         *
         * @throws SettingsException naming the first setting that is wrong
         */
        public Settings build() {
            refuseSettingsOfOtherEngines();
            return new Settings(this);
        }

        /** Nothing silently ignored: an engine's settings set for another engine fail. */
        private void refuseSettingsOfOtherEngines() {
            for (EngineSetting<?> setting : engineValues.keySet()) {
                if (setting.engine() != engine) {
                    throw new SettingsException(names.of(setting.key()), "applies to engine="
                            + lower(setting.engine()) + " only (this node runs engine="
                            + lower(engine) + ")");
                }
            }
        }

        private Map<EngineKind, Object> engineSettings() {
            Map<EngineKind, Object> made = new EnumMap<>(EngineKind.class);
            for (TlsEngineProvider provider : EngineRequirements.providers()) {
                Object typed = provider.engineSettings(new EngineSettingValues() {
                    @Override
                    public <T> T get(EngineSetting<T> setting) {
                        Object value = engineValues.get(setting);
                        return value != null ? castValue(setting, value)
                                : setting.parser().apply(setting.defaultValue());
                    }

                    @Override
                    public SettingsException invalid(EngineSetting<?> setting, String problem) {
                        return names.invalid(setting.key(), problem);
                    }
                });
                if (typed != null) {
                    made.put(provider.kind(), typed);
                }
            }
            return made;
        }

        @SuppressWarnings("unchecked")
        private static <T> T castValue(EngineSetting<T> setting, Object value) {
            return (T) value;
        }

        Optional<KeySource> keySource() {
            if (explicitKeySource != null) {
                return Optional.of(explicitKeySource);
            }
            if (keyStorePath.isPresent() && (pemCertChain.isPresent()
                    || pemPrivateKey.isPresent())) {
                throw invalid(Setting.KEY_STORE_PATH, "set either a key store or PEM files, not"
                        + " both");
            }
            Function<Setting, String> named = s -> names.of(s.key());
            if (keyStorePath.isPresent()) {
                return Optional.of(KeySource.keyStore(keyStorePath.get(), keyStoreType,
                        keyStorePassword.toCharArray(), keyAlias,
                        (keyPassword.isEmpty() ? keyStorePassword : keyPassword).toCharArray(),
                        named));
            }
            if (pemCertChain.isPresent() != pemPrivateKey.isPresent()) {
                throw invalid(pemCertChain.isEmpty() ? Setting.PEM_CERT_CHAIN
                        : Setting.PEM_PRIVATE_KEY,
                        "PEM needs both the certificate chain and the private key");
            }
            if (pemCertChain.isPresent()) {
                return Optional.of(KeySource.pem(pemCertChain.get(), pemPrivateKey.get(),
                        pemKeyPassword, named));
            }
            return Optional.empty();
        }

        private static String lower(EngineKind kind) {
            return kind.name().toLowerCase(Locale.ROOT);
        }

        private String knownNames() {
            List<String> known = new ArrayList<>();
            for (Setting s : Setting.values()) {
                known.add(s.key());
            }
            known.addAll(engineDefinitions.keySet());
            return String.join(", ", known);
        }

        /** Engines whose settings this class path cannot know, for an unknown name. */
        private static String absentEngines() {
            StringBuilder text = new StringBuilder();
            for (EngineKind kind : EngineKind.values()) {
                if (EngineRequirements.provider(kind).isEmpty()) {
                    text.append("; engine=").append(lower(kind)).append(" adds settings of its"
                            + " own, known only ").append(EngineRequirements.availability(kind))
                            .append(" (this JVM is Java ").append(Runtime.version().feature())
                            .append(", without it)");
                }
            }
            return text.toString();
        }

        private SettingsException invalid(Setting setting, String problem) {
            return names.invalid(setting.key(), problem);
        }

        private <T> T required(Setting setting, T value) {
            if (value == null) {
                throw invalid(setting, "must be set");
            }
            return value;
        }

        private String nonBlank(Setting setting, String value) {
            String trimmed = required(setting, value).trim();
            if (trimmed.isEmpty()) {
                throw invalid(setting, "must not be empty");
            }
            return trimmed;
        }

        /** A duration every user can count in milliseconds. */
        private Duration millis(Setting setting, Duration value) {
            required(setting, value);
            try {
                value.toMillis();
            } catch (ArithmeticException e) {
                throw invalid(setting, value + " is too long a duration (at most about 292"
                        + " million years, in milliseconds)");
            }
            return value;
        }

        private Duration positive(Setting setting, Duration value) {
            Duration d = millis(setting, value);
            if (d.isNegative() || d.isZero()) {
                throw invalid(setting, "must be positive, was " + Durations.format(d));
            }
            return d;
        }

        private Optional<Path> readable(Setting setting, Path file) {
            if (file == null) {
                return Optional.empty();
            }
            if (!Files.isReadable(file)) {
                throw invalid(setting, "file " + file.toAbsolutePath() + " does not exist or is"
                        + " not readable");
            }
            return Optional.of(file);
        }

        private List<X509Certificate> certificates(Path file) {
            try (InputStream in = Files.newInputStream(file)) {
                List<X509Certificate> anchors = new ArrayList<>();
                for (Certificate c : CertificateFactory.getInstance("X.509")
                        .generateCertificates(in)) {
                    anchors.add((X509Certificate) c);
                }
                if (anchors.isEmpty()) {
                    throw invalid(Setting.SEALING_TRUST_CA, file + " holds no certificate");
                }
                return List.copyOf(anchors);
            } catch (IOException | GeneralSecurityException e) {
                throw invalid(Setting.SEALING_TRUST_CA, "cannot read " + file + ": "
                        + e.getMessage());
            }
        }

        private String pin(String pin) {
            byte[] hash;
            try {
                hash = Base64.getDecoder().decode(pin);
            } catch (IllegalArgumentException e) {
                hash = new byte[0];
            }
            if (hash.length != 32) {
                throw invalid(Setting.SEALING_TRUST_PINS, "'" + pin + "' is not a base64"
                        + " SHA-256 hash (44 characters)");
            }
            return pin;
        }

        private String member(String member) {
            int colon = member.lastIndexOf(':');
            if (colon <= 0) {
                throw invalid(Setting.CLUSTER_MEMBERS, "'" + member + "' must be host:port");
            }
            String port = member.substring(colon + 1);
            if (port.contains("-")) {
                throw invalid(Setting.CLUSTER_MEMBERS, "'" + member + "': list each member"
                        + " on its own instead of a port range");
            }
            try {
                int p = Integer.parseInt(port);
                if (p < 1 || p > 65535) {
                    throw new NumberFormatException();
                }
            } catch (NumberFormatException e) {
                throw invalid(Setting.CLUSTER_MEMBERS, "'" + member + "' has no valid port");
            }
            return member;
        }

        /** Parses {@code text}; the parser's message says what is wrong. */
        private <T> T parse(String key, String text, Function<String, T> parser) {
            return parse(key, text, parser, null);
        }

        /** Parses {@code text}; {@code expectation} (if any) follows the quoted value. */
        private <T> T parse(String key, String text, Function<String, T> parser,
                String expectation) {
            try {
                return parser.apply(text);
            } catch (IllegalArgumentException | ArithmeticException e) {
                throw names.invalid(key, expectation != null
                        ? "'" + text + "' " + expectation : e.getMessage());
            }
        }

        private Duration duration(String key, String text) {
            return parse(key, text, Durations::parse);
        }

        private static Path path(String text) {
            String trimmed = text.trim();
            return trimmed.isEmpty() ? null : Path.of(trimmed);
        }

        private static int integer(String text) {
            return Integer.parseInt(text.trim());
        }

        private static boolean onOff(String text) {
            return switch (text.trim().toLowerCase(Locale.ROOT)) {
                case "on", "true" -> true;
                case "off", "false" -> false;
                default -> throw new IllegalArgumentException(text);
            };
        }
    }
}
