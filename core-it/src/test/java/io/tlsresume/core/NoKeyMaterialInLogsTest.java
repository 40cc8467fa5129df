package io.tlsresume.core;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.tlsresume.core.ring.TicketKey;
import io.tlsresume.testkit.LogCapture;
import io.tlsresume.testkit.OpenSslClient;
import io.tlsresume.testkit.TwoNodeCluster;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HexFormat;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import org.junit.jupiter.api.Test;

/**
 * A full run with rotations and sealing (cards, envelopes, re-seals), every log level on, and the
 * keys taken from what the engines receive: no key part appears in the logs in hex or base64.
 */
class NoKeyMaterialInLogsTest {

    @Test
    void logsOfARunWithRotationsHoldNoKeyBytes() throws Exception {
        Set<String> secrets = ConcurrentHashMap.newKeySet();
        List<String> describedObjects = new ArrayList<>();
        String logs;
        try (LogCapture capture = new LogCapture()) {
            try (TwoNodeCluster cluster = TwoNodeCluster.start(NoKeyMaterialInLogsTest::fast)) {
                ResumptionNode a = cluster.nodeA;
                // The store holds sealed envelopes only: the keys come from where engines get them.
                a.addKeyListener(keys -> keys.forEach(key -> collect(key, secrets)));
                cluster.nodeB.addKeyListener(keys -> keys.forEach(key -> collect(key, secrets)));
                long end = System.currentTimeMillis() + 4500; // at least 4 rotations of 1 s
                Path session = OpenSslClient.sessionFile();
                OpenSslClient.connect(cluster.serverA.port(), "tls1_3", null, session);
                while (System.currentTimeMillis() < end) {
                    OpenSslClient.connect(cluster.serverB.port(), "tls1_2", null, null);
                    Thread.sleep(200);
                }
                describedObjects.add(a.metrics().toString());
                describedObjects.add(a.settings().toString());
                describedObjects.add(String.valueOf(a.store().describe()));
            }
            logs = capture.text();
        }
        // 3 parts per key, 3 encodings per part: 4 epochs' keys are at least 36 strings.
        assertTrue(secrets.size() >= 4 * 3 * 3, "saw the keys of at least 4 epochs: "
                + secrets.size());
        assertTrue(logs.contains("Encrypting tickets with key"), "rotations were logged");
        String haystack = (logs + String.join("\n", describedObjects)).toLowerCase(Locale.ROOT);
        String rawHaystack = logs + String.join("\n", describedObjects);
        for (String secret : secrets) {
            boolean found = secret.startsWith("hex:")
                    ? haystack.contains(secret.substring(4))
                    : rawHaystack.contains(secret.substring(4));
            assertFalse(found, "key material in logs: " + secret.substring(0, 4));
        }
    }

    private static void fast(Settings.Builder builder) {
        builder.set("rotationInterval", "1s").set("ticketLifetime", "3s");
    }

    private static void collect(TicketKey key, Set<String> secrets) {
        for (byte[] part : new byte[][] {key.name(), key.hmacKey(), key.aesKey()}) {
            secrets.add("hex:" + HexFormat.of().formatHex(part));
            // Base64 of the part, minus padding, and of its first 12 bytes (no padding needed).
            secrets.add("b64:" + Base64.getEncoder().withoutPadding().encodeToString(part));
            secrets.add("b64:" + Base64.getEncoder().encodeToString(java.util.Arrays.copyOf(part, 12)));
        }
    }
}
