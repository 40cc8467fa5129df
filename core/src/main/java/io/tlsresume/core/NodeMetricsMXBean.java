package io.tlsresume.core;

/**
 * What one node exposes over JMX as {@code io.tlsresume:type=Node,name=<nodeId>} (published by
 * {@link io.tlsresume.core.metrics.jmx.JmxExporter} from the node's metrics), as a typed view:
 * {@code JMX.newMXBeanProxy(server, name, NodeMetricsMXBean.class)}. No attribute ever holds key
 * material; keys are named by fingerprint. Engines publish their own metrics in MBeans of their
 * own (engine=openssl: {@code io.tlsresume:type=OpenSsl,name=<nodeId>}).
 */
public interface NodeMetricsMXBean {
    /** This node's id. */
    String getNodeId();

    /** Completed handshakes that created a new session. */
    long getFullHandshakes();

    /** Completed handshakes that resumed a session (ticket or session id). */
    long getResumedHandshakes();

    /** Handshakes that failed before completing. */
    long getFailedHandshakes();

    /** Resumptions with a ticket under an older key, answered with a renewed ticket. */
    long getResumedWithRenewal();

    /** Tickets no key in the ring could decrypt (unknown key name, tampering): full handshakes. */
    long getTicketDecryptFailures();

    /** Keys in the ring (encrypting, upcoming and decrypt-only). */
    int getRingSize();

    /** Fingerprint of the encrypting key. */
    String getCurrentKeyFingerprint();

    /** When the encrypting key last changed (ISO-8601), or empty. */
    String getLastRotation();

    /** Times the encrypting key was replaced by another one since the node started. */
    long getRotations();

    /** Hazelcast members this node sees. */
    int getClusterMembers();

    /** Whether this node serves with keys the cluster may not share. */
    boolean isDegraded();

    /** Why it is degraded, or empty. */
    String getDegradedReason();

    /** Store entries ignored because they were not readable keys. */
    long getRejectedRingEntries();

    /** Whether ring keys are sealed in the cluster store ({@code sealing=on}). */
    boolean isSealing();

    /** Membership cards accepted at the last tick, this node's own included. */
    int getTrustedCards();

    /** Distinct membership cards ignored: unsigned, badly signed, untrusted or replayed. */
    long getRejectedCards();

    /**
     * Distinct envelopes and re-seals ignored: unsigned, badly signed, untrusted, replayed into
     * another epoch, or not opening.
     */
    long getRejectedEnvelopes();

    /** Keys this node re-sealed for nodes that joined after the key was made. */
    long getResealedKeys();
}
