package io.tlsresume.core;

/**
 * What one node exposes over JMX as {@code io.tlsresume:type=Node,name=<nodeId>} (published by
 * {@link io.tlsresume.core.metrics.jmx.JmxExporter} from the node's metrics), as a typed view:
 * {@code JMX.newMXBeanProxy(server, name, NodeMetricsMXBean.class)}. No attribute or operation
 * result ever holds key material; keys are named by fingerprint. The key operations
 * ({@link #ringKeys()}, {@link #rotateNow()}, {@link #revokeAll()}) are logged with the caller's
 * JMX principal. Engines publish their own metrics in MBeans of their
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

    /**
     * This node's wall clock minus the cluster's (Hazelcast's cluster time), in milliseconds; 0
     * when the store cannot tell. A second or more is logged as a WARN.
     */
    long getClockOffsetMillis();

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

    /**
     * Operation: each key this node holds (epoch, fingerprint, state {@code encrypting},
     * {@code next} or {@code decrypting}, when its epoch starts, when it expires), the encrypting
     * key first. Never key bytes.
     */
    java.util.List<io.tlsresume.core.ring.RingKey> ringKeys();

    /**
     * Operation: a new key encrypts on this node now and on every node of the cluster within
     * one rotator tick; older keys keep decrypting until their tickets expire.
     *
     * @return the fingerprint of the key that encrypts now
     */
    String rotateNow();

    /**
     * Operation, after a suspected leak: every key on every node and in the cluster store is
     * dropped and a fresh key encrypts everywhere; tickets issued before get a full handshake
     * (never an error), on every node, also one that joins or restarts later.
     *
     * @return the fingerprint of the key that encrypts now
     */
    String revokeAll();
}
