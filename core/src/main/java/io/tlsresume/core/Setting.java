package io.tlsresume.core;

import java.util.Arrays;
import java.util.Optional;

/**
 * Every setting tlsresume reads, with its default and meaning. This enum is the single place a
 * setting is named, defaulted and documented; the Jetty module properties and the Tomcat
 * attributes map onto these names, and the README's configuration table mirrors it.
 */
public enum Setting {
    NODE_ID("nodeId", "",
            "Name of this node in logs, metrics (the JMX name) and its membership card; unique in"
                    + " the cluster. Empty: host name and the member's address"
                    + " (cluster.interface:cluster.port), e.g. web@10.0.0.11:5701, which stays the"
                    + " same across restarts; with cluster.mode=client or cluster.config, host name"
                    + " and a random suffix that changes on every start (set it for a stable JMX"
                    + " name). A member that joins a cluster where a member with its nodeId"
                    + " already runs refuses to start, with an ERROR naming both addresses; a node"
                    + " that finds its membership card overwritten by another node with its"
                    + " nodeId logs an ERROR and stops publishing its card."),
    ENGINE("engine", "boringssl",
            "TLS engine. 'boringssl' (Netty + netty-tcnative-boringssl-static) shares ticket keys;"
                    + " 'openssl' (Tomcat's FFM engine on the system OpenSSL 3, Java 22+) shares a"
                    + " session cache; 'conscrypt' and 'jdk' are refused with the reason."),
    CLUSTER_MODE("cluster.mode", "member",
            "'member': embed a Hazelcast member; 'client': join an existing Hazelcast cluster as a"
                    + " client; 'none': do not share keys (every node has its own ring)."),
    CLUSTER_NAME("cluster.name", "tlsresume",
            "Hazelcast cluster name. Nodes with the same name share one ring."),
    CLUSTER_MEMBERS("cluster.members", "",
            "Comma-separated host:port of the Hazelcast members to join (the other nodes, this"
                    + " one may be listed too). Each address is listed on its own; no port ranges."),
    CLUSTER_INTERFACE("cluster.interface", "127.0.0.1",
            "Address the embedded member binds to and advertises. Set it to this host's private"
                    + " address for a multi-host cluster; it never binds to all interfaces."),
    CLUSTER_PORT("cluster.port", "5701", "TCP port of the embedded member."),
    CLUSTER_CONFIG("cluster.config", "",
            "Optional Hazelcast XML or YAML file (member or client config, per cluster.mode) used"
                    + " instead of cluster.name/members/interface/port."),
    CLUSTER_TIMEOUT("cluster.timeout", "2s",
            "Upper bound on every call to the cluster store. Calls never run on a handshake."),
    CLUSTER_JOIN_GRACE("cluster.joinGrace", "20s",
            "How long a member that lists peers may see none of them before it logs a WARN (it"
                    + " reports Degraded meanwhile; the first node of a cold start is alone)."),
    ROTATION_INTERVAL("rotationInterval", "1h",
            "How long one ticket key encrypts. The next key is published one interval ahead."
                    + " At least 1s."),
    TICKET_LIFETIME("ticketLifetime", "12h",
            "How long a key keeps decrypting after it stops encrypting, and the TLS 1.2 session"
                    + " lifetime (advertised in its tickets and counted from the full handshake:"
                    + " renewed tickets do not extend it). TLS 1.3 tickets advertise BoringSSL's"
                    + " fixed 48h; one older than this setting gets a full handshake. Above 0, at"
                    + " most 7d."),
    SEALING("sealing", "on",
            "'on': the cluster store only ever holds ring keys sealed (HPKE) to the ephemeral keys"
                    + " of nodes whose certificate passes sealing.trust. 'off': keys are stored and"
                    + " sent between members in the clear; anyone who can read Hazelcast traffic or"
                    + " join the cluster gets every ticket key. Only for clusters whose network and"
                    + " membership are trusted."),
    SEALING_TRUST("sealing.trust", "same-key",
            "Whose membership cards a node accepts. 'same-key': nodes whose certificate has the"
                    + " same public key as this node's; 'ca': certificates issued by"
                    + " sealing.trustCa; 'pinned': certificate keys listed in sealing.trustPins."),
    SEALING_TRUST_CA("sealing.trustCa", "",
            "PEM file of the CA certificates trusted with sealing.trust=ca."),
    SEALING_TRUST_PINS("sealing.trustPins", "",
            "Comma-separated base64 SHA-256 of the SubjectPublicKeyInfo of each trusted"
                    + " certificate key (RFC 7469 pins), with sealing.trust=pinned."),
    KEY_STORE_PATH("keyStorePath", "", "Key store (PKCS12 or JKS) with the server's key and chain."),
    KEY_STORE_TYPE("keyStoreType", "PKCS12", "Key store type: PKCS12 or JKS."),
    KEY_STORE_PASSWORD("keyStorePassword", "", "Key store password."),
    KEY_ALIAS("keyAlias", "", "Alias of the key entry. Empty: the store's only key entry."),
    KEY_PASSWORD("keyPassword", "", "Password of the key entry. Empty: the key store password."),
    PEM_CERT_CHAIN("pemCertChain", "",
            "PEM file with the certificate chain, leaf first (instead of a key store)."),
    PEM_PRIVATE_KEY("pemPrivateKey", "", "PEM file with the PKCS#8 private key."),
    PEM_KEY_PASSWORD("pemKeyPassword", "", "Password of an encrypted PEM private key."),
    SESSION_STORE("sessionStore", "on",
            "engine=openssl: 'on' shares server sessions (TLS 1.2 session ids, stateful TLS 1.3"
                    + " tickets) through the cluster; 'off' keeps no session cache at all."),
    SESSION_TIMEOUT("sessionTimeout", "1h",
            "engine=openssl: how long a session can be resumed; also the time to live of its"
                    + " entry in the cluster store. At least 1s, at most 7d."),
    SESSION_STORE_MAX_ENTRIES("sessionStore.maxEntries", "100000",
            "engine=openssl: entries each member keeps at most; the least recently used are"
                    + " evicted beyond it (a resumption then falls back to a full handshake)."),
    SESSION_TICKETS("sessionTickets", "stateful",
            "engine=openssl: 'stateful' issues TLS 1.3 tickets that are session ids looked up in"
                    + " the cluster store (no TLS 1.2 tickets); 'ring' issues stateless tickets"
                    + " (TLS 1.2 and 1.3) encrypted under the shared ring, like engine=boringssl."),
    SESSION_STORE_TIMEOUT("sessionStore.timeout", "50ms",
            "engine=openssl: bound on a session lookup, which runs on the handshake thread."
                    + " Slower answers count as misses: the handshake goes on as a full one.");

    /** Prefix of the property names: {@code tlsresume.rotationInterval} and so on. */
    public static final String PREFIX = "tlsresume.";

    private final String key;
    private final String defaultValue;
    private final String description;

    Setting(String key, String defaultValue, String description) {
        this.key = key;
        this.defaultValue = defaultValue;
        this.description = description;
    }

    /** The short name, e.g. {@code rotationInterval}. */
    public String key() {
        return key;
    }

    /** The full property name, e.g. {@code tlsresume.rotationInterval}. */
    public String property() {
        return PREFIX + key;
    }

    /** The default, as text; empty when there is none. */
    public String defaultValue() {
        return defaultValue;
    }

    /** One-paragraph documentation. */
    public String description() {
        return description;
    }


    /** Whether the setting only means something with {@code engine=openssl} (Tomcat, Java 22+). */
    public boolean forOpenSslEngineOnly() {
        return key.startsWith("session");
    }

    /** Finds a setting by short name or full property name. */
    public static Optional<Setting> byName(String name) {
        String key = name.startsWith(PREFIX) ? name.substring(PREFIX.length()) : name;
        return Arrays.stream(values()).filter(s -> s.key.equals(key)).findFirst();
    }
}
