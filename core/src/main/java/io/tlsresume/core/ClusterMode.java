package io.tlsresume.core;

/** How a node takes part in sharing the key ring. */
public enum ClusterMode {
    /** An embedded Hazelcast member in the server's JVM (the default). */
    MEMBER,
    /** A Hazelcast client of an existing cluster. */
    CLIENT,
    /** No sharing: the node keeps its own ring (the baseline; tickets resume on this node only). */
    NONE
}
