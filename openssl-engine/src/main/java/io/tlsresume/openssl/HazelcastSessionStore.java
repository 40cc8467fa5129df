package io.tlsresume.openssl;

import com.hazelcast.map.IMap;
import java.time.Duration;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.TimeUnit;

/**
 * Sealed sessions in the cluster's {@link SessionMaps session map},
 * through Hazelcast's asynchronous calls so that no call blocks the handshake thread; the map's
 * member configuration bounds its size.
 */
final class HazelcastSessionStore implements SessionStore {
    private final IMap<String, byte[]> map;

    HazelcastSessionStore(IMap<String, byte[]> map) {
        this.map = map;
    }

    @Override
    public CompletionStage<byte[]> get(String id) {
        return map.getAsync(id);
    }

    @Override
    public CompletionStage<?> put(String id, byte[] entry, Duration timeToLive) {
        return map.setAsync(id, entry, timeToLive.toSeconds(), TimeUnit.SECONDS);
    }
}
