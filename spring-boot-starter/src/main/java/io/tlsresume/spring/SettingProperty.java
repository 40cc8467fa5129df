package io.tlsresume.spring;

import io.tlsresume.core.Durations;
import io.tlsresume.core.Setting;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Function;

/**
 * One tlsresume {@link Setting} as a Spring Boot property: its name under {@code tlsresume.*}
 * (kebab case, as Boot documents properties) and how its value is read from
 * {@link TlsResumeProperties}. The one table between Boot's names and the core's.
 */
enum SettingProperty {
    NODE_ID(Setting.NODE_ID, "tlsresume.node-id", p -> p.getNodeId()),
    ENGINE(Setting.ENGINE, "tlsresume.engine", p -> p.getEngine()),
    CLUSTER_MODE(Setting.CLUSTER_MODE, "tlsresume.cluster.mode", p -> p.getCluster().getMode()),
    CLUSTER_NAME(Setting.CLUSTER_NAME, "tlsresume.cluster.name", p -> p.getCluster().getName()),
    CLUSTER_MEMBERS(Setting.CLUSTER_MEMBERS, "tlsresume.cluster.members",
            p -> list(p.getCluster().getMembers())),
    CLUSTER_DISCOVERY(Setting.CLUSTER_DISCOVERY, "tlsresume.cluster.discovery",
            p -> p.getCluster().getDiscovery()),
    CLUSTER_KUBERNETES_SERVICE_DNS(Setting.CLUSTER_KUBERNETES_SERVICE_DNS,
            "tlsresume.cluster.kubernetes.service-dns",
            p -> p.getCluster().getKubernetes().getServiceDns()),
    CLUSTER_KUBERNETES_SERVICE_DNS_TIMEOUT(Setting.CLUSTER_KUBERNETES_SERVICE_DNS_TIMEOUT,
            "tlsresume.cluster.kubernetes.service-dns-timeout",
            p -> p.getCluster().getKubernetes().getServiceDnsTimeout()),
    CLUSTER_KUBERNETES_NAMESPACE(Setting.CLUSTER_KUBERNETES_NAMESPACE,
            "tlsresume.cluster.kubernetes.namespace",
            p -> p.getCluster().getKubernetes().getNamespace()),
    CLUSTER_KUBERNETES_SERVICE_NAME(Setting.CLUSTER_KUBERNETES_SERVICE_NAME,
            "tlsresume.cluster.kubernetes.service-name",
            p -> p.getCluster().getKubernetes().getServiceName()),
    CLUSTER_KUBERNETES_SERVICE_LABEL(Setting.CLUSTER_KUBERNETES_SERVICE_LABEL,
            "tlsresume.cluster.kubernetes.service-label",
            p -> p.getCluster().getKubernetes().getServiceLabel()),
    CLUSTER_EXPECTED_MEMBERS(Setting.CLUSTER_EXPECTED_MEMBERS,
            "tlsresume.cluster.expected-members", p -> p.getCluster().getExpectedMembers()),
    CLUSTER_INTERFACE(Setting.CLUSTER_INTERFACE, "tlsresume.cluster.interface",
            p -> p.getCluster().getInterface()),
    CLUSTER_PORT(Setting.CLUSTER_PORT, "tlsresume.cluster.port", p -> p.getCluster().getPort()),
    CLUSTER_CONFIG(Setting.CLUSTER_CONFIG, "tlsresume.cluster.config",
            p -> p.getCluster().getConfig()),
    CLUSTER_TIMEOUT(Setting.CLUSTER_TIMEOUT, "tlsresume.cluster.timeout",
            p -> p.getCluster().getTimeout()),
    CLUSTER_JOIN_GRACE(Setting.CLUSTER_JOIN_GRACE, "tlsresume.cluster.join-grace",
            p -> p.getCluster().getJoinGrace()),
    ROTATION_INTERVAL(Setting.ROTATION_INTERVAL, "tlsresume.rotation-interval",
            p -> p.getRotationInterval()),
    TICKET_LIFETIME(Setting.TICKET_LIFETIME, "tlsresume.ticket-lifetime",
            p -> p.getTicketLifetime()),
    SEALING(Setting.SEALING, "tlsresume.sealing.enabled", p -> onOff(p.getSealing().getEnabled())),
    SEALING_TRUST(Setting.SEALING_TRUST, "tlsresume.sealing.trust",
            p -> p.getSealing().getTrust()),
    SEALING_TRUST_CA(Setting.SEALING_TRUST_CA, "tlsresume.sealing.trust-ca",
            p -> p.getSealing().getTrustCa()),
    SEALING_TRUST_PINS(Setting.SEALING_TRUST_PINS, "tlsresume.sealing.trust-pins",
            p -> list(p.getSealing().getTrustPins()));

    private final Setting setting;
    private final String property;
    private final Function<TlsResumeProperties, Object> value;

    SettingProperty(Setting setting, String property, Function<TlsResumeProperties, Object> value) {
        this.setting = setting;
        this.property = property;
        this.value = value;
    }

    /** The core setting. */
    Setting setting() {
        return setting;
    }

    /** The Boot property name, e.g. {@code tlsresume.rotation-interval}. */
    String property() {
        return property;
    }

    /** The value set in {@code properties} as the core's text, or empty when unset. */
    Optional<String> text(TlsResumeProperties properties) {
        Object v = value.apply(properties);
        if (v instanceof Duration d) {
            return Optional.of(Durations.format(d));
        }
        return Optional.ofNullable(v).map(String::valueOf);
    }

    /** The Boot property of a core setting key ({@code rotationInterval}), else the key. */
    static String propertyOf(String key) {
        for (SettingProperty p : values()) {
            if (p.setting.key().equals(key)) {
                return p.property;
            }
        }
        return Setting.PREFIX + key;
    }

    /** Every property set in {@code properties}, by core key, as the core's text. */
    static Map<String, String> settings(TlsResumeProperties properties) {
        Map<String, String> settings = new java.util.LinkedHashMap<>();
        for (SettingProperty p : values()) {
            p.text(properties).ifPresent(text -> settings.put(p.setting.key(), text));
        }
        return settings;
    }

    private static String list(List<String> values) {
        return values == null || values.isEmpty() ? null : String.join(",", values);
    }

    private static String onOff(Boolean on) {
        return on == null ? null : on ? "on" : "off";
    }
}
