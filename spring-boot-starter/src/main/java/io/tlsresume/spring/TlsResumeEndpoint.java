package io.tlsresume.spring;

import io.tlsresume.core.ResumptionNode;
import java.util.LinkedHashMap;
import java.util.Map;
import org.springframework.boot.actuate.endpoint.annotation.Endpoint;
import org.springframework.boot.actuate.endpoint.annotation.ReadOperation;

/**
 * The Actuator endpoint {@code tlsresume} ({@code /actuator/tlsresume} once exposed): each
 * node's ring, key by key: epoch, fingerprint (eight hex digits of a hash of the key's name),
 * state (encrypting, upcoming, decrypt-only), when it starts encrypting and when it expires.
 * Never key bytes.
 */
@Endpoint(id = "tlsresume")
public class TlsResumeEndpoint {
    private final TlsResumeNodes nodes;
    private final Map<ResumptionNode, RingView> views = new java.util.WeakHashMap<>();

    TlsResumeEndpoint(TlsResumeNodes nodes) {
        this.nodes = nodes;
    }

    /** Every running node's ring. */
    @ReadOperation
    public Map<String, Object> rings() {
        Map<String, Object> out = new LinkedHashMap<>();
        for (ResumptionNode node : nodes.running()) {
            var metrics = node.metrics();
            Map<String, Object> ring = new LinkedHashMap<>();
            ring.put("state", metrics.isDegraded() ? "degraded" : "serving");
            if (metrics.isDegraded()) {
                ring.put("degradedReason", metrics.getDegradedReason());
            }
            ring.put("clusterMembers", metrics.getClusterMembers());
            ring.put("rotationInterval", node.settings().rotationInterval().toString());
            ring.put("ticketLifetime", node.settings().ticketLifetime().toString());
            ring.put("keys", view(node).describe());
            out.put(metrics.getNodeId(), ring);
        }
        return Map.of("nodes", out);
    }

    private synchronized RingView view(ResumptionNode node) {
        return views.computeIfAbsent(node, RingView::of);
    }
}
