package io.tlsresume.openssl;

import com.hazelcast.config.EvictionConfig;
import com.hazelcast.config.EvictionPolicy;
import com.hazelcast.config.InMemoryFormat;
import com.hazelcast.config.MapConfig;
import com.hazelcast.config.MaxSizePolicy;
import com.hazelcast.core.HazelcastInstance;
import com.hazelcast.map.IMap;
import com.hazelcast.map.LocalMapStats;

/**
 * The distributed map of sealed server sessions (engine=openssl). Its bounds live in the member
 * configuration ({@link OpenSslProvider#mapConfigs}), so they hold on every member whatever a
 * node writes: at most {@code sessionStore.maxEntries} entries per member (least recently used
 * evicted first) and a time to live on each entry set by the writer.
 */
public final class SessionMaps {
    /** Name of the distributed map: scope id and session id (see {@code key}) to sealed session. */
    public static final String MAP_NAME = "tlsresume-sessions";

    private SessionMaps() {
    }

    /**
     * The key of a session in the map: the resumption scope's id, {@code ':'}, the session id
     * (lower-case hex). A context looks up only keys of its own scope, so a session made for
     * one virtual host or client-certificate trust configuration is never even read for
     * another (OpenSSL would also refuse it: the session carries its session-id context).
     *
     * @param scopeId {@code SessionScope.id()} of the context
     * @param sessionId the session id in lower-case hex
     */
    static String key(String scopeId, String sessionId) {
        return scopeId + ":" + sessionId;
    }

    /** The member-side configuration of the map. */
    static MapConfig mapConfig(OpenSslSettings settings) {
        // One backup: losing a member loses no session. BINARY: values are opaque bytes anyway.
        return new MapConfig(MAP_NAME)
                .setBackupCount(1)
                .setInMemoryFormat(InMemoryFormat.BINARY)
                .setTimeToLiveSeconds((int) settings.sessionTimeout().toSeconds())
                .setEvictionConfig(new EvictionConfig()
                        .setEvictionPolicy(EvictionPolicy.LRU)
                        .setMaxSizePolicy(MaxSizePolicy.PER_NODE)
                        .setSize(settings.sessionStoreMaxEntries()));
    }

    /** The map on {@code hazelcast}. */
    public static IMap<String, byte[]> map(HazelcastInstance hazelcast) {
        return hazelcast.getMap(MAP_NAME);
    }

    /**
     * Entries and their memory owned by this member (no cluster call: safe for metrics), or
     * {@code null} on a client, which owns nothing.
     */
    public static LocalMapStats localStats(HazelcastInstance hazelcast) {
        try {
            return map(hazelcast).getLocalMapStats();
        } catch (UnsupportedOperationException e) {
            return null;
        }
    }
}
