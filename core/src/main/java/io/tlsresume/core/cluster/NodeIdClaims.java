package io.tlsresume.core.cluster;

import com.hazelcast.cluster.Member;
import com.hazelcast.cluster.MembershipEvent;
import com.hazelcast.cluster.MembershipListener;
import com.hazelcast.config.Config;
import com.hazelcast.config.ListenerConfig;
import com.hazelcast.core.HazelcastInstance;
import io.tlsresume.core.Setting;
import io.tlsresume.core.Settings;
import io.tlsresume.core.SettingsException;
import java.lang.System.Logger;
import java.lang.System.Logger.Level;

/**
 * Keeps two members from running under one {@code nodeId}. Each member carries its id as a
 * Hazelcast member attribute; a member that joins where an older member has its id refuses to
 * start, and the older one logs the newcomer. Hazelcast's member list is the source of truth, so
 * a restarted node (its old member has left) is never mistaken for a duplicate.
 */
final class NodeIdClaims {
    private static final Logger LOG = System.getLogger("io.tlsresume.cluster");
    /** Member attribute holding the tlsresume node id. */
    static final String ATTRIBUTE = "tlsresume.nodeId";

    private NodeIdClaims() {
    }

    /** Makes the member to be started with {@code config} publish and watch {@code nodeId}. */
    static void claim(Config config, String nodeId) {
        config.getMemberAttributeConfig().setAttribute(ATTRIBUTE, nodeId);
        config.addListenerConfig(new ListenerConfig(new Watcher(nodeId)));
    }

    /**
     * Stops {@code hazelcast} and throws if an older member already runs as this node's id.
     *
     * @throws SettingsException naming {@code nodeId} and both members' addresses
     */
    static void requireUnique(HazelcastInstance hazelcast, Settings settings) {
        String nodeId = settings.nodeId();
        for (Member member : hazelcast.getCluster().getMembers()) {
            if (member.localMember()) {
                return; // members are listed oldest first: only an older claim wins
            }
            if (nodeId.equals(member.getAttribute(ATTRIBUTE))) {
                String problem = duplicate(nodeId, member, hazelcast.getCluster().getLocalMember())
                        + " This member, the newer one, does not start.";
                LOG.log(Level.ERROR, problem);
                hazelcast.getLifecycleService().terminate();
                throw settings.invalid(Setting.NODE_ID, problem, null);
            }
        }
    }

    private static String duplicate(String nodeId, Member older, Member newer) {
        return "two members claim " + Setting.NODE_ID.property() + "=" + nodeId + ": "
                + older.getAddress() + " and " + newer.getAddress() + ". The id keys each"
                + " node's membership card, so two nodes with one id overwrite each other's card"
                + " and sessions stop resuming across nodes. Give each node its own "
                + Setting.NODE_ID.property() + ", or leave it empty for a unique default.";
    }

    /** Reports, on the older member, a member that joins with its id. */
    private static final class Watcher implements MembershipListener {
        private final String nodeId;

        Watcher(String nodeId) {
            this.nodeId = nodeId;
        }

        @Override
        public void memberAdded(MembershipEvent event) {
            Member joined = event.getMember();
            if (nodeId.equals(joined.getAttribute(ATTRIBUTE)) && isYounger(joined, event)) {
                LOG.log(Level.ERROR, "A member joined as this node's twin: "
                        + duplicate(nodeId, event.getCluster().getLocalMember(), joined)
                        + " The newer member refuses to start; after a split-brain merge both"
                        + " keep running and the one whose card is overwritten stops publishing"
                        + " its own.");
            }
        }

        /** Whether {@code joined} follows this member in the list (oldest first). */
        private static boolean isYounger(Member joined, MembershipEvent event) {
            boolean afterLocal = false;
            for (Member member : event.getMembers()) {
                if (member.localMember()) {
                    afterLocal = true;
                } else if (member.equals(joined)) {
                    return afterLocal; // the newcomer itself reports an older twin on start
                }
            }
            return false;
        }

        @Override
        public void memberRemoved(MembershipEvent event) {
        }
    }
}
