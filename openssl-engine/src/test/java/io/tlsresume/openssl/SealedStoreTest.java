package io.tlsresume.openssl;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.tlsresume.core.ResumptionNode;
import io.tlsresume.testkit.OpenSslClient;
import io.tlsresume.tomcat.HostScopes;
import io.tlsresume.tomcat.TomcatPair;
import java.nio.ByteBuffer;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.HexFormat;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/**
 * What lies in Hazelcast is sealed: the session's master secret is not in any dumped entry,
 * though it is inside the entry once opened with the live ring; and once the ring has rotated
 * past the key an entry was sealed under, nobody can open it and the session no longer resumes.
 */
class SealedStoreTest {
    private static final Pattern MASTER_KEY = Pattern.compile("Master-Key: ([0-9A-F]+)");

    private static boolean contains(byte[] haystack, byte[] needle) {
        outer:
        for (int i = 0; i + needle.length <= haystack.length; i++) {
            for (int j = 0; j < needle.length; j++) {
                if (haystack[i + j] != needle[j]) {
                    continue outer;
                }
            }
            return true;
        }
        return false;
    }

    @Test
    void dumpHoldsNoSecretAndBecomesUnreadableAfterRotation() throws Exception {
        // Short rotation so that the sealing key retires within seconds.
        try (TomcatPair pair = new TomcatPair(Map.of("engine", "openssl",
                "rotationInterval", "1s", "ticketLifetime", "1s"))) {
            ResumptionNode nodeB = pair.b.listener.getNode();
            Path session = OpenSslClient.sessionFile();
            OpenSslClient.Result first = OpenSslClient.connect(pair.a.port(), "tls1_2", null,
                    session, "-no_ticket");
            Matcher m = MASTER_KEY.matcher(first.output());
            assertTrue(m.find(), first.output());
            byte[] masterKey = HexFormat.of().parseHex(m.group(1));
            assertEquals(48, masterKey.length);
            String id = first.sessionId().toLowerCase(java.util.Locale.ROOT);

            Map<String, byte[]> dump = new HashMap<>(SessionMaps.map(
                    nodeB.hazelcast().orElseThrow()));
            String key = SessionMaps.key(HostScopes.of(pair.a.hostConfig).id(), id);
            byte[] entry = dump.get(key);
            assertNotNull(entry, "session " + key + " not in the store: " + dump.keySet());
            for (byte[] value : dump.values()) {
                assertFalse(contains(value, masterKey), "master key in the clear in the store");
            }

            // The search is not vacuous: opened with the live ring, the entry holds the secret.
            SessionSealer live = new SessionSealer();
            nodeB.followRing(live);
            try {
                byte[] opened = live.open(id, entry);
                assertNotNull(opened);
                assertTrue(contains(opened, masterKey));

                long sealedEpoch = ByteBuffer.wrap(entry, 1, Long.BYTES).getLong();
                // Bounded wait for the ring to drop the sealing key (1s + 1s retention).
                for (int i = 0; i < 300 && live.openableEpochs().contains(sealedEpoch); i++) {
                    Thread.sleep(100);
                    nodeB.syncRingNow();
                }
                assertFalse(live.openableEpochs().contains(sealedEpoch),
                        "key of epoch " + sealedEpoch + " still in the ring");
                for (Map.Entry<String, byte[]> dumped : dump.entrySet()) {
                    String sessionId = dumped.getKey().substring(dumped.getKey().indexOf(':') + 1);
                    assertNull(live.open(sessionId, dumped.getValue()),
                            "entry " + dumped.getKey() + " still opens after its key retired");
                }
            } finally {
                nodeB.unfollowRing(live);
            }

            long unreadableBefore = OpenSslMetrics.of(nodeB).unreadableEntries();
            OpenSslClient.Result late = OpenSslClient.connect(pair.b.port(), "tls1_2", session,
                    null, "-no_ticket");
            assertFalse(late.reused(), late.output());
            assertEquals(unreadableBefore + 1, OpenSslMetrics.of(nodeB).unreadableEntries());
        }
    }
}
