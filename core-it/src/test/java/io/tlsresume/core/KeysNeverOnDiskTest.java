package io.tlsresume.core;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.tlsresume.testkit.KeysOnDisk;
import io.tlsresume.testkit.OpenSslClient;
import io.tlsresume.testkit.TwoNodeCluster;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * The docs promise that ticket keys are never written to disk. Two-node clusters (real
 * Hazelcast members, the BoringSSL engine, real handshakes that issue and resume tickets) run
 * through several 1 s rotations with sealing on and with sealing off; the test keeps every key
 * the engines receive and everything the ring store held, in memory only, then searches every
 * file this JVM could have written since the test started ({@code java.io.tmpdir},
 * {@code user.home}, the working directory, which hold Hazelcast's and the test servers' files
 * too) for each key's name, HMAC and AES parts and those stored bytes, raw, hex and base64.
 */
class KeysNeverOnDiskTest {
    private static final int ROTATIONS = 4;

    @Test
    void ticketKeysNeverReachTheDiskWithSealingOnOrOff() throws Exception {
        KeysOnDisk search = new KeysOnDisk();
        for (String sealing : List.of("on", "off")) {
            long keysBefore = search.count("AES key");
            Handshakes handshakes = runThroughRotations(sealing, search);
            long keys = search.count("AES key") - keysBefore;
            System.out.printf("sealing=%s: %d keys, %d handshakes, %d resumed%n", sealing, keys,
                    handshakes.all(), handshakes.resumed());
            assertTrue(keys >= ROTATIONS, "keys of at least " + ROTATIONS + " epochs: " + keys);
            assertTrue(handshakes.resumed() > 0, "tickets were issued and resumed");
        }
        assertTrue(search.count("ring store epoch") > 0, "the store's entries were captured");

        KeysOnDisk.Verdict verdict = search.searchAndSelfCheck(KeysOnDisk.defaultRoots());
        assertTrue(verdict.report().files() > 0, verdict.report().summary());
        assertEquals(List.of(), verdict.report().hits(), "key material on disk");
        // The search must be able to fail: a key planted in a file is found.
        assertEquals(List.of(), verdict.selfCheck().missed(), "planted and not found");
    }

    /** How many handshakes s_client made, and how many of them resumed. */
    private record Handshakes(int all, int resumed) { }

    /** Handshakes on both nodes for a few rotations. */
    private static Handshakes runThroughRotations(String sealing, KeysOnDisk search)
            throws InterruptedException {
        int all = 0;
        int resumed = 0;
        try (TwoNodeCluster cluster = TwoNodeCluster.start(b -> b.set("sealing", sealing)
                .set("rotationInterval", "1s").set("ticketLifetime", "3s"))) {
            cluster.nodeA.addKeyListener(search.keyListener());
            cluster.nodeB.addKeyListener(search.keyListener());
            long end = System.nanoTime() + (ROTATIONS + 1) * 1_000_000_000L;
            while (System.nanoTime() < end) {
                for (int port : List.of(cluster.serverA.port(), cluster.serverB.port())) {
                    // -reconnect resumes in s_client's memory: no session file holds a ticket.
                    String output = OpenSslClient.connect(port, "tls1_2", null, null,
                            "-reconnect").output();
                    all += count(output, "New, ") + count(output, "Reused, ");
                    resumed += count(output, "Reused, ");
                }
                search.addStored(cluster.nodeA.store());
                Thread.sleep(200);
            }
        }
        return new Handshakes(all, resumed);
    }

    private static int count(String output, String line) {
        return output.split("\n" + line, -1).length - 1;
    }
}
