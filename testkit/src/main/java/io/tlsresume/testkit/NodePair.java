package io.tlsresume.testkit;

import io.tlsresume.core.metrics.jmx.JmxExporter;
import java.lang.management.ManagementFactory;
import java.time.Duration;
import java.util.List;
import javax.management.JMException;
import javax.management.MBeanServer;
import javax.management.ObjectName;

/**
 * Two TLS nodes, A and B, of one real cluster on 127.0.0.1: the one two-node fixture shape of
 * every module's tests (core nodes on Netty, embedded Jetty, embedded Tomcat, a mix of engines
 * or servers, the real distributions). Both nodes get their cluster settings from one
 * {@link TestNodes}; A starts first, a failure starting B closes A, and closing the pair closes
 * both. Nodes of this JVM are handed over only once they encrypt under the same ring key.
 *
 * @param <N> the kind of node
 */
public class NodePair<N extends NodePair.Node> implements AutoCloseable {
    /** A server node a test talks to over TLS. */
    public interface Node extends AutoCloseable {
        /** The node id its responses name ({@code node=...}, {@code X-TLS-Node}). */
        String nodeId();

        /** Its TLS port on 127.0.0.1. */
        int port();
    }

    /** Starts node {@code index} of {@code nodes} (0 is A, 1 is B). */
    @FunctionalInterface
    public interface Starter<N> {
        N start(TestNodes nodes, int index) throws Exception;
    }

    /** The cluster settings both nodes were started from. */
    public final TestNodes nodes;
    public final N a;
    public final N b;

    /** Starts A, then B, both with {@code starter}. */
    protected NodePair(TestNodes nodes, Starter<? extends N> starter) {
        this.nodes = nodes;
        this.a = started(starter, nodes, 0, null);
        this.b = started(starter, nodes, 1, a);
        try {
            awaitSameRing();
        } catch (RuntimeException | Error e) {
            closeAll(List.of(a, b), e);
            throw e;
        }
    }

    private static final Duration RING_AGREEMENT = Duration.ofSeconds(30);

    /**
     * A node that joins gets the ring's keys on a later tick (with sealing, once a member has
     * re-sealed them to its card), so a safe cluster alone does not mean B can decrypt A's
     * tickets yet: wait until both nodes of one cluster report the same encrypting key. Nodes
     * of other JVMs (the distributions) and nodes without a shared ring are not waited for.
     */
    private void awaitSameRing() {
        MBeanServer server = ManagementFactory.getPlatformMBeanServer();
        ObjectName onA = JmxExporter.objectName("Node", a.nodeId());
        ObjectName onB = JmxExporter.objectName("Node", b.nodeId());
        if (!server.isRegistered(onA) || !server.isRegistered(onB)) {
            return;
        }
        long deadline = System.nanoTime() + RING_AGREEMENT.toNanos();
        try {
            while (true) {
                String keyA = (String) server.getAttribute(onA, "CurrentKeyFingerprint");
                String keyB = (String) server.getAttribute(onB, "CurrentKeyFingerprint");
                int members = (Integer) server.getAttribute(onA, "ClusterMembers");
                if (members < 2 || (!keyA.isEmpty() && keyA.equals(keyB))) {
                    return;
                }
                if (System.nanoTime() > deadline) {
                    throw new IllegalStateException("A (" + a.nodeId() + ") encrypts under "
                            + keyA + " and B (" + b.nodeId() + ") under " + keyB + " still "
                            + RING_AGREEMENT.toSeconds() + " s after both started");
                }
                Thread.sleep(50);
            }
        } catch (JMException e) {
            throw new IllegalStateException("reading the nodes' MBeans", e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    /** Two nodes of a new two-member cluster, each started by {@code starter}. */
    public static <N extends Node> NodePair<N> start(Starter<? extends N> starter) {
        return new NodePair<>(new TestNodes(2), starter);
    }

    private static <N extends Node> N started(Starter<? extends N> starter, TestNodes nodes,
            int index, Node startedBefore) {
        try {
            return starter.start(nodes, index);
        } catch (Exception | Error e) {
            if (startedBefore != null) {
                closeAll(List.of(startedBefore), e);
            }
            if (e instanceof InterruptedException) {
                Thread.currentThread().interrupt();
            }
            if (e instanceof RuntimeException r) {
                throw r;
            }
            if (e instanceof Error r) {
                throw r;
            }
            throw new IllegalStateException("node " + index + " did not start", e);
        }
    }

    /** A (0) or B (1). */
    public N node(int index) {
        return index == 0 ? a : b;
    }

    /** The node id of A (0) or B (1). */
    public String nodeId(int index) {
        return node(index).nodeId();
    }

    /** A new round-robin balancer in front of both; its first connection goes to A. */
    public RoundRobinBalancer balancer() {
        return new RoundRobinBalancer(List.of(a.port(), b.port()));
    }

    /** Closes A, then B, B even when closing A failed. */
    @Override
    public void close() {
        IllegalStateException failure = closeAll(List.of(a, b), null);
        if (failure != null) {
            throw failure;
        }
    }

    private static IllegalStateException closeAll(List<? extends Node> nodes, Throwable cause) {
        IllegalStateException failure = null;
        for (Node node : nodes) {
            try {
                node.close();
            } catch (Exception e) {
                if (e instanceof InterruptedException) {
                    Thread.currentThread().interrupt();
                }
                if (cause != null) {
                    cause.addSuppressed(e);
                } else if (failure == null) {
                    failure = new IllegalStateException("closing node " + node.nodeId(), e);
                } else {
                    failure.addSuppressed(e);
                }
            }
        }
        return failure;
    }
}
