package io.tlsresume.spring;

import io.tlsresume.core.NodeMetrics;
import io.tlsresume.core.ResumptionNode;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.springframework.boot.health.contributor.Health;
import org.springframework.boot.health.contributor.HealthIndicator;
import org.springframework.boot.health.contributor.Status;

/**
 * The health contributor {@code tlsresume}: {@code UP} while every connector's node serves;
 * {@value #DEGRADED_CODE} when a node serves with keys the cluster may not share (a lone member,
 * an unreachable store): clients then get full handshakes on other nodes at worst, so this status
 * does not take the instance out of service (Boot's aggregator and HTTP mapping treat a status
 * they do not know as healthy; see docs/spring-boot.md to map it). {@code UNKNOWN} before the
 * server has started.
 */
public final class TlsResumeHealthIndicator implements HealthIndicator {
    /** The status code of a degraded node. */
    public static final String DEGRADED_CODE = "DEGRADED";
    /** Serving, with full handshakes across nodes at worst. */
    public static final Status DEGRADED = new Status(DEGRADED_CODE,
            "serving; sessions may not resume on other nodes");

    private final TlsResumeNodes nodes;

    TlsResumeHealthIndicator(TlsResumeNodes nodes) {
        this.nodes = nodes;
    }

    @Override
    public Health health() {
        List<ResumptionNode> running = nodes.running();
        if (running.isEmpty()) {
            return Health.unknown().withDetail("connectors", nodes.connectors())
                    .withDetail("reason", "no tlsresume node is running").build();
        }
        boolean degraded = false;
        Map<String, Object> byNode = new LinkedHashMap<>();
        for (ResumptionNode node : running) {
            NodeMetrics m = node.metrics();
            degraded |= m.isDegraded();
            Map<String, Object> details = new LinkedHashMap<>();
            details.put("ringSize", m.getRingSize());
            details.put("currentKey", m.getCurrentKeyFingerprint());
            details.put("lastRotation", m.getLastRotation());
            details.put("clusterMembers", m.getClusterMembers());
            details.put("clockOffsetMillis", m.getClockOffsetMillis());
            details.put("degraded", m.isDegraded());
            if (m.isDegraded()) {
                details.put("degradedReason", m.getDegradedReason());
            }
            details.put("sealing", m.isSealing());
            details.put("resumedHandshakes", m.getResumedHandshakes());
            details.put("fullHandshakes", m.getFullHandshakes());
            byNode.put(m.getNodeId(), details);
        }
        return Health.status(degraded ? DEGRADED : Status.UP).withDetail("nodes", byNode).build();
    }
}
