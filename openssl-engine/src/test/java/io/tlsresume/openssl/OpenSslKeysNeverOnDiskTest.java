package io.tlsresume.openssl;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.tlsresume.core.ResumptionNode;
import io.tlsresume.testkit.KeysOnDisk;
import io.tlsresume.testkit.OpenSslClient;
import io.tlsresume.tomcat.EmbeddedTomcat;
import io.tlsresume.tomcat.TomcatPair;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * The docs promise that ticket keys are never written to disk, with the OpenSSL engine too
 * (stateless tickets under the ring through {@link RingTickets}, the sealed session store
 * following the ring). Two embedded Tomcats of one real Hazelcast cluster run through several
 * 1 s rotations with sealing on and with sealing off while s_client handshakes issue and resume
 * tickets; every key the nodes receive and everything the ring store held is kept in memory
 * only, then every file this JVM could have written since the test started
 * ({@code java.io.tmpdir}, {@code user.home}, the working directory, both Tomcats' base
 * directories) is searched for them, raw, hex and base64.
 */
class OpenSslKeysNeverOnDiskTest {
    private static final int ROTATIONS = 4;

    @Test
    void ticketKeysNeverReachTheDiskWithSealingOnOrOff() throws Exception {
        KeysOnDisk search = new KeysOnDisk();
        List<Path> roots = new ArrayList<>(KeysOnDisk.defaultRoots());
        for (String sealing : List.of("on", "off")) {
            long keysBefore = search.count("AES key");
            int handshakes = 0;
            int resumed = 0;
            try (TomcatPair pair = new TomcatPair(Map.of("engine", "openssl",
                    "sessionTickets", "ring", "sealing", sealing, "rotationInterval", "1s",
                    "ticketLifetime", "3s"))) {
                List<Path> bases = new ArrayList<>();
                for (EmbeddedTomcat tomcat : List.of(pair.a, pair.b)) {
                    tomcat.listener.getNode().addKeyListener(search.keyListener());
                    bases.add(tomcat.tomcat.getServer().getCatalinaBase().toPath());
                }
                roots.addAll(bases);
                ResumptionNode node = pair.a.listener.getNode();
                long end = System.nanoTime() + (ROTATIONS + 1) * 1_000_000_000L;
                while (System.nanoTime() < end) {
                    for (EmbeddedTomcat tomcat : List.of(pair.a, pair.b)) {
                        // -reconnect resumes in s_client's memory: no session file holds a
                        // ticket (which carries the key's name).
                        String output = OpenSslClient.connect(tomcat.port(), "tls1_2", null,
                                null, "-reconnect").output();
                        handshakes += count(output, "New, ") + count(output, "Reused, ");
                        resumed += count(output, "Reused, ");
                    }
                    search.addStored(node.store());
                    Thread.sleep(200);
                }
                // Also while the servers run: a fixture may delete their directories on close.
                KeysOnDisk.Report live = search.search(bases);
                System.out.println("running Tomcats: " + live.summary());
                assertEquals(List.of(), live.hits(), "key material in the Tomcats' directories");
            }
            long keys = search.count("AES key") - keysBefore;
            System.out.printf("sealing=%s: %d keys, %d handshakes, %d resumed%n", sealing, keys,
                    handshakes, resumed);
            assertTrue(keys >= ROTATIONS, "keys of at least " + ROTATIONS + " epochs: " + keys);
            assertTrue(resumed > 0, "tickets were issued and resumed");
        }
        assertTrue(search.count("ring store epoch") > 0, "the store's entries were captured");

        KeysOnDisk.Verdict verdict = search.searchAndSelfCheck(roots);
        assertTrue(verdict.report().files() > 0, verdict.report().summary());
        assertEquals(List.of(), verdict.report().hits(), "key material on disk");
        // The search must be able to fail: a key planted in a file is found.
        assertEquals(List.of(), verdict.selfCheck().missed(), "planted and not found");
    }

    private static int count(String output, String line) {
        return output.split("\n" + line, -1).length - 1;
    }
}
