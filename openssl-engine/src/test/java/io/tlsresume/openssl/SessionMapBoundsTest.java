package io.tlsresume.openssl;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.hazelcast.map.IMap;
import io.tlsresume.testkit.JdkHttpsClient;
import io.tlsresume.testkit.OpenSslClient;
import io.tlsresume.tomcat.HostScopes;
import io.tlsresume.tomcat.TomcatPair;
import java.nio.file.Path;
import java.util.Locale;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** Under many new sessions the map stays within its bound, and entries expire with the session. */
class SessionMapBoundsTest {
    private static final int MAX_ENTRIES = 200;

    @Test
    void mapStaysBoundedAndEntriesExpire() throws Exception {
        try (TomcatPair pair = new TomcatPair(Map.of("engine", "openssl",
                "sessionStore.maxEntries", String.valueOf(MAX_ENTRIES),
                "sessionTimeout", "3s"))) {
            IMap<String, byte[]> map = SessionMaps.map(
                    pair.a.listener.getNode().hazelcast().orElseThrow());
            Path session = OpenSslClient.sessionFile();
            OpenSslClient.Result tracked = OpenSslClient.connect(pair.a.port(), "tls1_2", null,
                    session, "-no_ticket");
            String scope = HostScopes.of(pair.a.hostConfig).id();
            String trackedId = SessionMaps.key(scope, tracked.sessionId().toLowerCase(Locale.ROOT));

            // 1,000 TLS 1.3 full handshakes (fresh client each): 2 sessions each, 2,000 writes.
            int[] ports = {pair.a.port(), pair.b.port()};
            for (int i = 0; i < 1000; i++) {
                JdkHttpsClient client = new JdkHttpsClient("TLSv1.3");
                assertTrue(client.get(ports[i % 2]).head().startsWith("HTTP/1.1 200"));
            }
            OpenSslMetrics a = OpenSslMetrics.of(pair.a.listener.getNode());
            OpenSslMetrics b = OpenSslMetrics.of(pair.b.listener.getNode());
            int size = map.size();
            System.out.println("after 2,000 new sessions: map size " + size + " (bound "
                    + MAX_ENTRIES + " per member), owned A " + a.entries() + " / "
                    + a.bytes() + " B, B " + b.entries() + " / "
                    + b.bytes() + " B");
            assertTrue(size <= 2 * MAX_ENTRIES, "map holds " + size);
            assertTrue(a.entries() <= MAX_ENTRIES);
            assertTrue(b.entries() <= MAX_ENTRIES);
            assertTrue(a.entries() + b.entries() > 0);

            // A fresh entry is there, then gone after the 3 s time to live (bounded wait).
            Path fresh = OpenSslClient.sessionFile();
            String freshId = SessionMaps.key(scope, OpenSslClient.connect(pair.a.port(),
                    "tls1_2", null, fresh, "-no_ticket").sessionId().toLowerCase(Locale.ROOT));
            assertTrue(map.containsKey(freshId));
            for (int i = 0; i < 200 && map.containsKey(freshId); i++) {
                Thread.sleep(100);
            }
            assertFalse(map.containsKey(freshId), "entry outlived its time to live");
            assertFalse(map.containsKey(trackedId));
            assertFalse(OpenSslClient.connect(pair.b.port(), "tls1_2", fresh, null, "-no_ticket")
                    .reused());
        }
    }
}
