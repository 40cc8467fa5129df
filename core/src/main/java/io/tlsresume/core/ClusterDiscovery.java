package io.tlsresume.core;

import java.util.Locale;

/** The value of {@link Setting#CLUSTER_DISCOVERY}: how an embedded member finds its peers. */
public enum ClusterDiscovery {
    /** TCP/IP join to the addresses listed in {@link Setting#CLUSTER_MEMBERS} (the default). */
    MEMBERS,
    /**
     * Hazelcast's Kubernetes discovery, DNS lookup mode: the peers are the addresses a headless
     * Service's name ({@link Setting#CLUSTER_KUBERNETES_SERVICE_DNS}) resolves to. Needs no
     * access to the Kubernetes API.
     */
    KUBERNETES_DNS,
    /**
     * Hazelcast's Kubernetes discovery, API mode: the peers are the endpoints of a Service, read
     * from the Kubernetes API with the pod's service account (which needs RBAC to read them).
     */
    KUBERNETES_API;

    /** The value as users write it: {@code members}, {@code kubernetes-dns}, ... */
    public String text() {
        return name().toLowerCase(Locale.ROOT).replace('_', '-');
    }

    static ClusterDiscovery parse(String text) {
        return valueOf(text.trim().toUpperCase(Locale.ROOT).replace('-', '_'));
    }
}
