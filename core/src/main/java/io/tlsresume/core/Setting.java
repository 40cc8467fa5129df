package io.tlsresume.core;

import io.tlsresume.core.engine.EngineKind;
import java.util.Arrays;
import java.util.Collections;
import java.util.EnumSet;
import java.util.Optional;
import java.util.Set;

/**
 * Every engine-independent setting tlsresume reads, with the engines it applies to, its default
 * and meaning. This enum is the single place such a setting is named, defaulted and documented;
 * settings only one engine reads are defined by that engine
 * ({@link io.tlsresume.core.spi.TlsEngineProvider#settings()}). The Jetty module properties and
 * the Tomcat attributes map onto these names, and the configuration reference mirrors them.
 */
public enum Setting {
    NODE_ID("nodeId", Engines.EVERY, "",
            "Name of this node in logs, metrics (the JMX name) and its membership card; unique in"
                    + " the cluster. Empty: host name and the member's address"
                    + " (cluster.interface:cluster.port), e.g. web@10.0.0.11:5701, which stays the"
                    + " same across restarts; with cluster.mode=client or cluster.config, host name"
                    + " and a random suffix that changes on every start (set it for a stable JMX"
                    + " name). A member that joins a cluster where a member with its nodeId"
                    + " already runs refuses to start, with an ERROR naming both addresses; a node"
                    + " that finds its membership card overwritten by another node with its"
                    + " nodeId logs an ERROR and stops publishing its card."),
    ENGINE("engine", Engines.EVERY, "boringssl",
            "TLS engine. 'boringssl' (Netty + netty-tcnative-boringssl-static) shares ticket keys;"
                    + " 'openssl' (Tomcat's FFM engine on the system OpenSSL 3, Java 22+) shares a"
                    + " session cache; 'conscrypt' and 'jdk' are refused with the reason."),
    CLUSTER_MODE("cluster.mode", Engines.EVERY, "member",
            "'member': embed a Hazelcast member; 'client': join an existing Hazelcast cluster as a"
                    + " client; 'none': do not share keys (every node has its own ring)."),
    CLUSTER_NAME("cluster.name", Engines.EVERY, "tlsresume",
            "Hazelcast cluster name. Nodes with the same name share one ring."),
    CLUSTER_MEMBERS("cluster.members", Engines.EVERY, "",
            "Comma-separated host:port of the Hazelcast members to join (the other nodes, this"
                    + " one may be listed too). Each address is listed on its own; no port ranges."
                    + " With cluster.discovery=members only."),
    CLUSTER_DISCOVERY("cluster.discovery", Engines.EVERY, "members",
            "How the embedded member finds its peers. 'members': the addresses in"
                    + " cluster.members (TCP/IP join). 'kubernetes-dns': the addresses the"
                    + " headless Service name cluster.kubernetes.serviceDns resolves to, at"
                    + " cluster.port (no Kubernetes API access needed). 'kubernetes-api': the"
                    + " endpoints of the Service cluster.kubernetes.serviceName (or the Services"
                    + " labelled cluster.kubernetes.serviceLabel) read from the Kubernetes API"
                    + " with the pod's service account, which needs RBAC to get and list"
                    + " endpoints, endpointslices, pods and services. Kubernetes discovery needs"
                    + " cluster.mode=member without cluster.config, and no cluster.members."),
    CLUSTER_KUBERNETES_SERVICE_DNS("cluster.kubernetes.serviceDns", Engines.EVERY, "",
            "With cluster.discovery=kubernetes-dns (required there): DNS name of the headless"
                    + " Service (clusterIP: None, publishNotReadyAddresses: true) that selects"
                    + " the nodes' pods, e.g. tlsresume-hz.shop.svc.cluster.local."),
    CLUSTER_KUBERNETES_SERVICE_DNS_TIMEOUT("cluster.kubernetes.serviceDnsTimeout", Engines.EVERY,
            "5s", "With cluster.discovery=kubernetes-dns: how long one lookup of"
                    + " cluster.kubernetes.serviceDns may take; whole seconds, at least 1s."),
    CLUSTER_KUBERNETES_NAMESPACE("cluster.kubernetes.namespace", Engines.EVERY, "",
            "With cluster.discovery=kubernetes-api: namespace of the Service. Empty: the pod's"
                    + " own namespace (from its service account)."),
    CLUSTER_KUBERNETES_SERVICE_NAME("cluster.kubernetes.serviceName", Engines.EVERY, "",
            "With cluster.discovery=kubernetes-api: name of the Service whose endpoints are the"
                    + " members. Set this or cluster.kubernetes.serviceLabel."),
    CLUSTER_KUBERNETES_SERVICE_LABEL("cluster.kubernetes.serviceLabel", Engines.EVERY, "",
            "With cluster.discovery=kubernetes-api: name=value of a label; the endpoints of"
                    + " every Service carrying it are the members. Set this or"
                    + " cluster.kubernetes.serviceName."),
    CLUSTER_EXPECTED_MEMBERS("cluster.expectedMembers", Engines.EVERY, "",
            "With Kubernetes discovery: how many members the cluster should have, this one"
                    + " included (the replicas). Above 1, a member that sees no peer reports"
                    + " Degraded and logs a WARN after cluster.joinGrace; 1 for a single"
                    + " replica. Empty: 2 (at least one peer). With"
                    + " cluster.discovery=members it follows from cluster.members and cannot be"
                    + " set."),
    CLUSTER_INTERFACE("cluster.interface", Engines.EVERY, "127.0.0.1",
            "Address the embedded member binds to and advertises. Set it to this host's private"
                    + " address for a multi-host cluster; it never binds to all interfaces."
                    + " 'auto': the only IPv4 address of this host besides loopback and"
                    + " link-local ones (in a pod: the pod IP), or, among several, the only"
                    + " private one; the start fails listing them when that is ambiguous, and"
                    + " the log says which address was chosen."),
    CLUSTER_PORT("cluster.port", Engines.EVERY, "5701", "TCP port of the embedded member."),
    CLUSTER_CONFIG("cluster.config", Engines.EVERY, "",
            "Optional Hazelcast XML or YAML file (member or client config, per cluster.mode) used"
                    + " instead of cluster.name/members/interface/port."),
    CLUSTER_TIMEOUT("cluster.timeout", Engines.EVERY, "2s",
            "Upper bound on every call to the cluster store. Calls never run on a handshake."),
    CLUSTER_JOIN_GRACE("cluster.joinGrace", Engines.EVERY, "20s",
            "How long a member that lists peers may see none of them before it logs a WARN (it"
                    + " reports Degraded meanwhile; the first node of a cold start is alone)."),
    ROTATION_INTERVAL("rotationInterval", Engines.EVERY, "1h",
            "How long one ticket key encrypts. The next key is published one interval ahead."
                    + " At least 1s."),
    TICKET_LIFETIME("ticketLifetime", Engines.EVERY, "12h",
            "How long a key keeps decrypting after it stops encrypting, and the TLS 1.2 session"
                    + " lifetime (advertised in its tickets and counted from the full handshake:"
                    + " renewed tickets do not extend it). TLS 1.3 tickets advertise BoringSSL's"
                    + " fixed 48h; one older than this setting gets a full handshake. Above 0, at"
                    + " most 7d."),
    SEALING("sealing", Engines.EVERY, "on",
            "'on': the cluster store only ever holds ring keys sealed (HPKE) to the ephemeral keys"
                    + " of nodes whose certificate passes sealing.trust. 'off': keys are stored and"
                    + " sent between members in the clear; anyone who can read Hazelcast traffic or"
                    + " join the cluster gets every ticket key. Only for clusters whose network and"
                    + " membership are trusted."),
    SEALING_TRUST("sealing.trust", Engines.EVERY, "same-key",
            "Whose membership cards a node accepts. 'same-key': nodes whose certificate has the"
                    + " same public key as this node's; 'ca': certificates issued by"
                    + " sealing.trustCa; 'pinned': certificate keys listed in sealing.trustPins."),
    SEALING_TRUST_CA("sealing.trustCa", Engines.EVERY, "",
            "PEM file of the CA certificates trusted with sealing.trust=ca."),
    SEALING_TRUST_PINS("sealing.trustPins", Engines.EVERY, "",
            "Comma-separated base64 SHA-256 of the SubjectPublicKeyInfo of each trusted"
                    + " certificate key (RFC 7469 pins), with sealing.trust=pinned."),
    KEY_STORE_PATH("keyStorePath", Engines.EVERY, "",
            "Key store (PKCS12 or JKS) with the server's key and chain."),
    KEY_STORE_TYPE("keyStoreType", Engines.EVERY, "PKCS12", "Key store type: PKCS12 or JKS."),
    KEY_STORE_PASSWORD("keyStorePassword", Engines.EVERY, "", "Key store password."),
    KEY_ALIAS("keyAlias", Engines.EVERY, "",
            "Alias of the key entry. Empty: the store's only key entry."),
    KEY_PASSWORD("keyPassword", Engines.EVERY, "",
            "Password of the key entry. Empty: the key store password."),
    PEM_CERT_CHAIN("pemCertChain", Engines.EVERY, "",
            "PEM file with the certificate chain, leaf first (instead of a key store)."),
    PEM_PRIVATE_KEY("pemPrivateKey", Engines.EVERY, "",
            "PEM file with the private key (PKCS#8, encrypted PKCS#8, RSA PKCS#1 or EC SEC1)."),
    PEM_KEY_PASSWORD("pemKeyPassword", Engines.EVERY, "",
            "Password of an encrypted PEM private key.");

    /** Prefix of the property names: {@code tlsresume.rotationInterval} and so on. */
    public static final String PREFIX = "tlsresume.";

    private final String key;
    private final Set<EngineKind> engines;
    private final String defaultValue;
    private final String description;

    Setting(String key, Set<EngineKind> engines, String defaultValue, String description) {
        this.key = key;
        this.engines = engines;
        this.defaultValue = defaultValue;
        this.description = description;
    }

    /** Engine attributions the constants name (an enum cannot name its own statics there). */
    private static final class Engines {
        /** The setting means the same with every engine. */
        static final Set<EngineKind> EVERY = Collections.unmodifiableSet(
                EnumSet.allOf(EngineKind.class));
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

    /**
     * The engines this setting applies to. The core's settings apply to every engine; settings
     * that only one engine reads are contributed by that engine
     * ({@link io.tlsresume.core.spi.EngineSetting}).
     */
    public Set<EngineKind> engines() {
        return engines;
    }

    /** Finds a setting by short name or full property name. */
    public static Optional<Setting> byName(String name) {
        String key = name.startsWith(PREFIX) ? name.substring(PREFIX.length()) : name;
        return Arrays.stream(values()).filter(s -> s.key.equals(key)).findFirst();
    }
}
