package io.tlsresume.spring;

import io.tlsresume.core.ResumptionNode;
import io.tlsresume.core.ring.RingKey;
import java.security.Principal;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.jspecify.annotations.Nullable;
import org.springframework.boot.actuate.endpoint.Access;
import org.springframework.boot.actuate.endpoint.InvalidEndpointRequestException;
import org.springframework.boot.actuate.endpoint.SecurityContext;
import org.springframework.boot.actuate.endpoint.annotation.Endpoint;
import org.springframework.boot.actuate.endpoint.annotation.ReadOperation;
import org.springframework.boot.actuate.endpoint.annotation.WriteOperation;

/**
 * The Actuator endpoint {@code tlsresume} ({@code /actuator/tlsresume} once exposed).
 *
 * <p>Read ({@code GET}): each node's ring, key by key ({@link ResumptionNode#ringKeys()}):
 * epoch, fingerprint (eight hex digits of a hash of the key's name), state ({@code encrypting},
 * {@code next}, {@code decrypting}), when its epoch starts and when it expires. Never key bytes.
 *
 * <p>Write ({@code POST} with {@code {"operation": "rotateNow"}} or {@code "revokeAll"}, and
 * {@code "node"} when the application runs several nodes): the key operations, cluster-wide,
 * logged with the request's principal. Read-only unless the application grants more with
 * {@code management.endpoint.tlsresume.access=unrestricted}: a write revokes every client's
 * session, so it is never on by default.
 */
@Endpoint(id = "tlsresume", defaultAccess = Access.READ_ONLY)
public class TlsResumeEndpoint {
    private final TlsResumeNodes nodes;

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
            ring.put("clockOffsetMillis", metrics.getClockOffsetMillis());
            ring.put("rotationInterval", node.settings().rotationInterval().toString());
            ring.put("ticketLifetime", node.settings().ticketLifetime().toString());
            ring.put("keys", node.ringKeys());
            out.put(metrics.getNodeId(), ring);
        }
        return Map.of("nodes", out);
    }

    /**
     * Runs a key operation on one node; its effect is cluster-wide.
     *
     * @param operation {@code rotateNow} or {@code revokeAll}
     * @param node the node id; needed only when the application runs several nodes
     * @return the node, the operation, and the key that encrypts now
     */
    @WriteOperation
    public Map<String, Object> operate(String operation, @Nullable String node,
            SecurityContext security) {
        ResumptionNode target = target(node);
        Principal principal = security.getPrincipal();
        String caller = principal == null ? "actuator (no principal)"
                : "actuator principal '" + principal.getName() + "'";
        RingKey encrypting = switch (operation) {
            case "rotateNow" -> target.rotateNow(caller);
            case "revokeAll" -> target.revokeAll(caller);
            default -> throw new InvalidEndpointRequestException("unknown operation '"
                    + operation + "': rotateNow or revokeAll (GET lists the keys)",
                    "unknown operation");
        };
        Map<String, Object> out = new LinkedHashMap<>();
        out.put("node", target.settings().nodeId());
        out.put("operation", operation);
        out.put("encrypting", encrypting);
        return out;
    }

    private ResumptionNode target(@Nullable String node) {
        List<ResumptionNode> running = nodes.running();
        List<String> ids = running.stream().map(n -> n.settings().nodeId()).toList();
        if (node == null && running.size() == 1) {
            return running.get(0);
        }
        for (ResumptionNode candidate : running) {
            if (candidate.settings().nodeId().equals(node)) {
                return candidate;
            }
        }
        String reason = node == null ? "several nodes run here: name one with \"node\" " + ids
                : "no running node '" + node + "' " + ids;
        throw new InvalidEndpointRequestException(reason, reason);
    }
}
