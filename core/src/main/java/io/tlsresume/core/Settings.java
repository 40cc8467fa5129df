package io.tlsresume.core;

import io.tlsresume.core.engine.EngineKind;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.security.cert.CertificateFactory;
import java.security.cert.X509Certificate;
import java.util.regex.Pattern;

/**
 * The validated, immutable configuration of one node. Build it with {@link #builder()}; every
 * value is checked in {@link Builder#build()}, which throws {@link SettingsException} naming the
 * setting. See {@link Setting} for names, defaults and meanings.
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

    private final String nodeId;
    private final EngineKind engine;
    private final ClusterMode clusterMode;
    private final String clusterName;
    private final List<String> clusterMembers;
    private final String clusterInterface;
    private final int clusterPort;
    private final Optional<Path> clusterConfig;
    private final Duration clusterTimeout;
    private final Duration clusterJoinGrace;
    private final Duration rotationInterval;
    private final Duration ticketLifetime;
    private final Optional<KeySource> keySource;
    private final boolean sessionStore;
    private final Duration sessionTimeout;
    private final int sessionStoreMaxEntries;
    private final Duration sessionStoreTimeout;
    private final boolean ringTickets;
    private final boolean sealing;
    private final SealingTrust sealingTrust;
    private final List<X509Certificate> sealingTrustCa;
    private final Set<String> sealingTrustPins;

    private Settings(Builder b, Map<Setting, String> v) {
        this.clusterPort = b.parsePort(Setting.CLUSTER_PORT);
        this.engine = b.parse(Setting.ENGINE, EngineKind::parse);
        b.refuseSettingsOfOtherEngines(engine);
        this.clusterMode = b.parse(Setting.CLUSTER_MODE,
                text -> ClusterMode.valueOf(text.trim().toUpperCase(java.util.Locale.ROOT)),
                "must be member, client or none");
        this.clusterName = b.nonBlank(Setting.CLUSTER_NAME);
        this.clusterMembers = b.parseMembers();
        this.clusterInterface = b.nonBlank(Setting.CLUSTER_INTERFACE);
        if (!IP_LITERAL.matcher(clusterInterface).matches()) {
            throw b.invalid(Setting.CLUSTER_INTERFACE, "'" + clusterInterface
                    + "' is not an IP address (Hazelcast binds to addresses, not host names)");
        }
        this.clusterConfig = b.optionalFile(Setting.CLUSTER_CONFIG);
        this.nodeId = v.get(Setting.NODE_ID).isBlank() ? defaultNodeId()
                : v.get(Setting.NODE_ID).trim();
        this.clusterTimeout = b.positiveDuration(Setting.CLUSTER_TIMEOUT);
        this.clusterJoinGrace = b.parse(Setting.CLUSTER_JOIN_GRACE, Durations::parse);
        if (clusterJoinGrace.isNegative()) {
            throw b.invalid(Setting.CLUSTER_JOIN_GRACE, "must not be negative");
        }
        this.rotationInterval = b.positiveDuration(Setting.ROTATION_INTERVAL);
        if (rotationInterval.compareTo(MIN_ROTATION) < 0) {
            throw b.invalid(Setting.ROTATION_INTERVAL, "must be at least 1s, was "
                    + Durations.format(rotationInterval));
        }
        this.ticketLifetime = b.positiveDuration(Setting.TICKET_LIFETIME);
        if (ticketLifetime.compareTo(MAX_TICKET_LIFETIME) > 0) {
            throw b.invalid(Setting.TICKET_LIFETIME, "must be at most 7d (RFC 8446 section"
                    + " 4.6.1), was " + Durations.format(ticketLifetime));
        }
        if (ticketLifetime.toSeconds() < 1) {
            throw b.invalid(Setting.TICKET_LIFETIME, "must be at least 1s (TLS counts it in"
                    + " seconds), was " + Durations.format(ticketLifetime));
        }
        long liveKeys = ticketLifetime.toMillis() / rotationInterval.toMillis() + 2;
        if (liveKeys > MAX_LIVE_KEYS) {
            throw b.invalid(Setting.ROTATION_INTERVAL, "with ticketLifetime "
                    + Durations.format(ticketLifetime) + " a rotation every "
                    + Durations.format(rotationInterval) + " keeps " + liveKeys + " keys alive;"
                    + " at most " + MAX_LIVE_KEYS + " are allowed (lengthen the interval)");
        }
        this.keySource = b.parseKeySource();
        this.sealing = b.parse(Setting.SEALING, Builder::onOff, "must be on or off");
        this.sealingTrust = b.parse(Setting.SEALING_TRUST, SealingTrust::parse,
                "must be same-key, ca or pinned");
        this.sealingTrustCa = b.parseTrustCa(sealing && sealingTrust == SealingTrust.CA);
        this.sealingTrustPins = b.parsePins(sealing && sealingTrust == SealingTrust.PINNED);
        this.sessionStore = b.parse(Setting.SESSION_STORE, Builder::onOff, "must be on or off");
        this.sessionTimeout = b.positiveDuration(Setting.SESSION_TIMEOUT);
        if (sessionTimeout.toSeconds() < 1 || sessionTimeout.compareTo(MAX_TICKET_LIFETIME) > 0) {
            throw b.invalid(Setting.SESSION_TIMEOUT, "must be between 1s and 7d (OpenSSL counts"
                    + " it in seconds), was " + Durations.format(sessionTimeout));
        }
        this.sessionStoreMaxEntries = b.parse(Setting.SESSION_STORE_MAX_ENTRIES,
                text -> Integer.parseInt(text.trim()), "is not a whole number");
        if (sessionStoreMaxEntries < 1) {
            throw b.invalid(Setting.SESSION_STORE_MAX_ENTRIES, "must be at least 1, was "
                    + sessionStoreMaxEntries);
        }
        this.sessionStoreTimeout = b.positiveDuration(Setting.SESSION_STORE_TIMEOUT);
        this.ringTickets = b.parse(Setting.SESSION_TICKETS, text -> switch (text.trim()
                .toLowerCase(java.util.Locale.ROOT)) {
            case "stateful" -> false;
            case "ring" -> true;
            default -> throw new IllegalArgumentException(text);
        }, "must be stateful or ring");
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

    /** Address the embedded member binds to. */
    public String clusterInterface() {
        return clusterInterface;
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

    /** engine=openssl: whether server sessions are shared through the cluster. */
    public boolean sessionStore() {
        return sessionStore;
    }

    /** engine=openssl: how long a session can be resumed (and its store entry lives). */
    public Duration sessionTimeout() {
        return sessionTimeout;
    }

    /** engine=openssl: entries each member of the session store keeps at most. */
    public int sessionStoreMaxEntries() {
        return sessionStoreMaxEntries;
    }

    /**
     * engine=openssl: whether tickets are stateless under the ring ({@code sessionTickets=ring})
     * rather than stateful TLS 1.3 tickets backed by the session store.
     */
    public boolean ringTickets() {
        return ringTickets;
    }

    /** engine=openssl: bound on a session lookup on the handshake thread. */
    public Duration sessionStoreTimeout() {
        return sessionStoreTimeout;
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
     * this node when it is not listed. 1 for a client or when keys are not shared.
     */
    public int expectedMembers() {
        if (clusterMode != ClusterMode.MEMBER) {
            // A client sees the server members, not peers of its own: only failures degrade it.
            return 1;
        }
        String self = clusterInterface + ":" + clusterPort;
        int others = (int) clusterMembers.stream().filter(m -> !m.equals(self)).count();
        return others + 1;
    }

    @Override
    public String toString() {
        // Passwords are left out on purpose.
        return "Settings[node=" + nodeId + ", engine=" + engine + ", cluster=" + clusterMode
                + " '" + clusterName + "' " + clusterInterface + ":" + clusterPort + " members="
                + clusterMembers + ", rotation=" + Durations.format(rotationInterval)
                + ", ticketLifetime=" + Durations.format(ticketLifetime)
                + (engine == EngineKind.OPENSSL ? ", sessionStore=" + (sessionStore ? "on" : "off")
                        + " timeout=" + Durations.format(sessionTimeout) + " max="
                        + sessionStoreMaxEntries + " bound=" + Durations.format(sessionStoreTimeout)
                        + " tickets=" + (ringTickets ? "ring" : "stateful")
                        : "")
                + ", sealing="
                + (sealing ? sealingTrust.name().toLowerCase(java.util.Locale.ROOT) : "OFF")
                + ", keys="
                + keySource.map(KeySource::describe).orElse("from the server") + "]";
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

    /**
     * Collects raw values; {@link #build()} validates them. Names are those of {@link Setting},
     * with or without the {@code tlsresume.} prefix.
     */
    public static final class Builder {
        private final Map<Setting, String> values = new EnumMap<>(Setting.class);
        private final Map<Setting, String> spelledAs = new EnumMap<>(Setting.class);

        private Builder() {
            for (Setting s : Setting.values()) {
                values.put(s, s.defaultValue());
            }
        }

        /** Sets one value; {@code null} restores the default. */
        public Builder set(Setting setting, String value) {
            values.put(setting, value == null ? setting.defaultValue() : value);
            if (value == null) {
                explicit.remove(setting);
            } else {
                explicit.add(setting);
            }
            return this;
        }

        private final java.util.Set<Setting> explicit = java.util.EnumSet.noneOf(Setting.class);

        /** Nothing silently ignored: engine=openssl settings set for another engine fail. */
        void refuseSettingsOfOtherEngines(EngineKind engine) {
            if (engine == EngineKind.OPENSSL) {
                return;
            }
            for (Setting setting : explicit) {
                if (setting.forOpenSslEngineOnly()) {
                    throw invalid(setting, "applies to engine=openssl only (this node runs"
                            + " engine=" + engine.name().toLowerCase(java.util.Locale.ROOT) + ")");
                }
            }
        }

        /**
         * Sets one value by name, remembering the name so errors quote it as the user wrote it.
         *
         * @throws SettingsException if no setting has that name
         */
        public Builder set(String name, String value) {
            Setting setting = Setting.byName(name).orElseThrow(() -> new SettingsException(name,
                    "no such setting (known: " + knownNames() + ")"));
            spelledAs.put(setting, name);
            return set(setting, value);
        }

        /** Sets every entry of {@code properties}; each key must name a setting. */
        public Builder setAll(Map<String, String> properties) {
            properties.forEach(this::set);
            return this;
        }

        /** Sets the key and chain directly, overriding the key store and PEM settings. */
        public Builder keySource(KeySource source) {
            this.explicitKeySource = source;
            return this;
        }

        private KeySource explicitKeySource;

        /**
         * Validates everything.
         *
         * @throws SettingsException naming the first setting that is wrong
         */
        public Settings build() {
            return new Settings(this, Collections.unmodifiableMap(new EnumMap<>(values)));
        }

        private static String knownNames() {
            List<String> names = new ArrayList<>();
            for (Setting s : Setting.values()) {
                names.add(s.key());
            }
            return String.join(", ", names);
        }

        SettingsException invalid(Setting setting, String problem) {
            return new SettingsException(spelledAs.getOrDefault(setting, setting.property()),
                    problem);
        }

        String nonBlank(Setting setting) {
            String value = values.get(setting).trim();
            if (value.isEmpty()) {
                throw invalid(setting, "must not be empty");
            }
            return value;
        }

        <T> T parse(Setting setting, java.util.function.Function<String, T> parser) {
            return parse(setting, parser, null);
        }

        <T> T parse(Setting setting, java.util.function.Function<String, T> parser,
                String expectation) {
            String raw = values.get(setting);
            try {
                return parser.apply(raw);
            } catch (IllegalArgumentException e) {
                throw invalid(setting, expectation != null
                        ? "'" + raw + "' " + expectation : e.getMessage());
            }
        }

        int parsePort(Setting setting) {
            int port = parse(setting, text -> Integer.parseInt(text.trim()),
                    "is not a port number");
            if (port < 1 || port > 65535) {
                throw invalid(setting, port + " is not a port number (1-65535)");
            }
            return port;
        }

        Duration positiveDuration(Setting setting) {
            Duration d = parse(setting, Durations::parse);
            if (d.isNegative() || d.isZero()) {
                throw invalid(setting, "must be positive, was '" + values.get(setting) + "'");
            }
            return d;
        }

        Optional<Path> optionalFile(Setting setting) {
            String raw = values.get(setting).trim();
            if (raw.isEmpty()) {
                return Optional.empty();
            }
            Path path = Path.of(raw);
            if (!Files.isReadable(path)) {
                throw invalid(setting, "file " + path.toAbsolutePath() + " does not exist or is"
                        + " not readable");
            }
            return Optional.of(path);
        }

        static boolean onOff(String text) {
            return switch (text.trim().toLowerCase(java.util.Locale.ROOT)) {
                case "on", "true" -> true;
                case "off", "false" -> false;
                default -> throw new IllegalArgumentException(text);
            };
        }

        List<X509Certificate> parseTrustCa(boolean required) {
            Optional<Path> file = optionalFile(Setting.SEALING_TRUST_CA);
            if (file.isEmpty()) {
                if (required) {
                    throw invalid(Setting.SEALING_TRUST_CA, "sealing.trust=ca needs a PEM file"
                            + " of CA certificates");
                }
                return List.of();
            }
            try (java.io.InputStream in = Files.newInputStream(file.get())) {
                List<X509Certificate> anchors = new ArrayList<>();
                for (java.security.cert.Certificate c : CertificateFactory.getInstance("X.509")
                        .generateCertificates(in)) {
                    anchors.add((X509Certificate) c);
                }
                if (anchors.isEmpty()) {
                    throw invalid(Setting.SEALING_TRUST_CA, file.get() + " holds no certificate");
                }
                return List.copyOf(anchors);
            } catch (java.io.IOException | java.security.GeneralSecurityException e) {
                throw invalid(Setting.SEALING_TRUST_CA, "cannot read " + file.get() + ": "
                        + e.getMessage());
            }
        }

        Set<String> parsePins(boolean required) {
            Set<String> pins = new java.util.LinkedHashSet<>();
            for (String item : values.get(Setting.SEALING_TRUST_PINS).split(",")) {
                String pin = item.trim();
                if (pin.startsWith("sha256/")) {
                    pin = pin.substring("sha256/".length());
                }
                if (pin.isEmpty()) {
                    continue;
                }
                byte[] hash;
                try {
                    hash = java.util.Base64.getDecoder().decode(pin);
                } catch (IllegalArgumentException e) {
                    hash = new byte[0];
                }
                if (hash.length != 32) {
                    throw invalid(Setting.SEALING_TRUST_PINS, "'" + pin + "' is not a base64"
                            + " SHA-256 hash (44 characters)");
                }
                pins.add(pin);
            }
            if (required && pins.isEmpty()) {
                throw invalid(Setting.SEALING_TRUST_PINS, "sealing.trust=pinned needs at least one"
                        + " pin");
            }
            return Set.copyOf(pins);
        }

        List<String> parseMembers() {
            List<String> members = new ArrayList<>();
            for (String item : values.get(Setting.CLUSTER_MEMBERS).split(",")) {
                String member = item.trim();
                if (member.isEmpty()) {
                    continue;
                }
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
                members.add(member);
            }
            return List.copyOf(members);
        }

        Optional<KeySource> parseKeySource() {
            if (explicitKeySource != null) {
                return Optional.of(explicitKeySource);
            }
            String storePath = values.get(Setting.KEY_STORE_PATH).trim();
            String chain = values.get(Setting.PEM_CERT_CHAIN).trim();
            String key = values.get(Setting.PEM_PRIVATE_KEY).trim();
            if (!storePath.isEmpty() && (!chain.isEmpty() || !key.isEmpty())) {
                throw invalid(Setting.KEY_STORE_PATH, "set either a key store or PEM files, not"
                        + " both");
            }
            if (!storePath.isEmpty()) {
                Path path = optionalFile(Setting.KEY_STORE_PATH).orElseThrow();
                String type = nonBlank(Setting.KEY_STORE_TYPE).toUpperCase(java.util.Locale.ROOT);
                if (!type.equals("PKCS12") && !type.equals("JKS")) {
                    throw invalid(Setting.KEY_STORE_TYPE, "'" + type + "' must be PKCS12 or JKS");
                }
                String password = values.get(Setting.KEY_STORE_PASSWORD);
                String keyPassword = values.get(Setting.KEY_PASSWORD);
                return Optional.of(KeySource.keyStore(path, type, password.toCharArray(),
                        values.get(Setting.KEY_ALIAS).trim(),
                        (keyPassword.isEmpty() ? password : keyPassword).toCharArray()));
            }
            if (chain.isEmpty() != key.isEmpty()) {
                throw invalid(chain.isEmpty() ? Setting.PEM_CERT_CHAIN : Setting.PEM_PRIVATE_KEY,
                        "PEM needs both the certificate chain and the private key");
            }
            if (!chain.isEmpty()) {
                return Optional.of(KeySource.pem(optionalFile(Setting.PEM_CERT_CHAIN).orElseThrow(),
                        optionalFile(Setting.PEM_PRIVATE_KEY).orElseThrow(),
                        values.get(Setting.PEM_KEY_PASSWORD)));
            }
            return Optional.empty();
        }
    }
}
