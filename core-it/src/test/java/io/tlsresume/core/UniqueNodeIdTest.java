package io.tlsresume.core;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.hazelcast.map.IMap;
import com.hazelcast.map.listener.EntryAddedListener;
import com.hazelcast.map.listener.EntryUpdatedListener;
import io.tlsresume.core.cluster.HazelcastRingStore;
import io.tlsresume.testkit.LogCapture;
import io.tlsresume.testkit.NettyTestServer;
import io.tlsresume.testkit.OpenSslClient;
import io.tlsresume.testkit.TestCertificates;
import io.tlsresume.testkit.TestNodes;
import java.nio.file.Path;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

/**
 * Node ids key the membership cards: two nodes with one id overwrite each other's card and no
 * session resumes across nodes (found running three hosts cloned from one image). Default ids
 * are unique; a shared explicit id is reported instead of fought over.
 */
class UniqueNodeIdTest {

    private static Settings.Builder onHost(String address) {
        return Settings.builder().set("cluster.interface", address).set("cluster.port", "5701")
                .set("sealing", "off");
    }

    @Test
    void hostsSharingAHostNameAndPortGetDistinctStableDefaultIds() {
        // Same JVM, so same host name: only the advertised address tells the hosts apart.
        String first = onHost("10.0.0.11").build().nodeId();
        String second = onHost("10.0.0.12").build().nodeId();
        assertNotEquals(first, second);
        assertTrue(first.endsWith("@10.0.0.11:5701"), first);
        assertEquals(first, onHost("10.0.0.11").build().nodeId(), "same after a restart");
        assertTrue(onHost("fd00::11").build().nodeId().endsWith("@[fd00::11]:5701"));
    }

    @Test
    void memberStartsUnderItsDefaultIdInJmxAndHazelcast() throws Exception {
        TestNodes nodes = new TestNodes(1);
        try (ResumptionNode node = ResumptionNode.start(nodes.settings(0,
                b -> b.set("nodeId", "")))) {
            String id = node.settings().nodeId();
            assertTrue(id.endsWith("@127.0.0.1:" + nodes.clusterPort(0)), id);
            assertEquals(id, java.lang.management.ManagementFactory.getPlatformMBeanServer()
                    .getAttribute(new javax.management.ObjectName("io.tlsresume:type=Node,name="
                            + javax.management.ObjectName.quote(id)), "NodeId"));
            assertEquals("tlsresume-" + id, node.hazelcast().orElseThrow().getName());
        }
    }

    @Test
    void clientsOnHostsSharingAHostNameGetDistinctDefaultIds() {
        Settings.Builder client = Settings.builder().set("cluster.mode", "client")
                .set("cluster.members", "10.0.0.11:5701").set("sealing", "off");
        String first = client.build().nodeId();
        String second = client.build().nodeId();
        assertNotEquals(first, second);
        assertTrue(first.contains("-client-"), first);
    }

    @Test
    void secondMemberWithTheSameIdRefusesToStartNamingBothAddresses() throws Exception {
        TestNodes nodes = new TestNodes(2);
        String twin = "twin-" + UUID.randomUUID();
        try (LogCapture log = new LogCapture();
                ResumptionNode first = ResumptionNode.start(nodes.settings(0,
                        b -> b.set("nodeId", twin)));
                NettyTestServer server = new NettyTestServer("A",
                        first.newServerContext(List.of()))) {
            first.syncRingNow();
            AtomicInteger cardWrites = countWrites(first, "card/" + twin);
            byte[] card = entries(first).get("card/" + twin);

            SettingsException e = assertThrows(SettingsException.class,
                    () -> ResumptionNode.start(nodes.settings(1, b -> b.set("nodeId", twin))));
            assertEquals("nodeId", e.settingName(), "named as the user wrote it");
            String firstAddress = "127.0.0.1]:" + nodes.clusterPort(0);
            String secondAddress = "127.0.0.1]:" + nodes.clusterPort(1);
            assertTrue(e.getMessage().contains(firstAddress)
                    && e.getMessage().contains(secondAddress), e.getMessage());
            for (String line : List.of("twin: two members claim", "does not start")) {
                // Logged by the first member (it saw the newcomer) and by the newcomer.
                assertTrue(log.lines().stream().anyMatch(l -> l.startsWith("SEVERE")
                        && l.contains(line) && l.contains("tlsresume.nodeId=" + twin)
                        && l.contains(firstAddress) && l.contains(secondAddress)), log.text());
            }

            for (int i = 0; i < 3; i++) {
                first.syncRingNow();
            }
            Thread.sleep(300); // entry events are delivered asynchronously
            assertEquals(0, cardWrites.get(), "the first node's card was rewritten");
            assertTrue(java.util.Arrays.equals(card, entries(first).get("card/" + twin)));
            for (int i = 0; i < 150 && first.hazelcast().orElseThrow().getCluster().getMembers()
                    .size() > 1; i++) {
                Thread.sleep(100);
            }
            assertEquals(1, first.metrics().getClusterMembers(), "the newcomer left");

            Path session = OpenSslClient.sessionFile();
            OpenSslClient.connect(server.port(), "tls1_3", null, session);
            assertTrue(OpenSslClient.connect(server.port(), "tls1_3", session, null).reused());
        }
    }

    @Test
    void nodeRestartedAtOnceAfterACrashIsNoTwinOfItself() throws Exception {
        TestNodes nodes = new TestNodes(2);
        try (ResumptionNode first = nodes.start(0)) {
            ResumptionNode crashed = nodes.start(1);
            // No goodbye to the cluster: its old member may still be listed when it is back.
            crashed.hazelcast().orElseThrow().getLifecycleService().terminate();
            crashed.close();
            try (ResumptionNode restarted = nodes.start(1)) {
                assertEquals(2, restarted.metrics().getClusterMembers());
            }
        }
    }

    @Test
    void clientsWithTheSameIdStopOverwritingEachOthersCard() throws Exception {
        TestNodes nodes = new TestNodes(1);
        String twin = "twin-" + UUID.randomUUID();
        try (LogCapture log = new LogCapture();
                ResumptionNode member = nodes.start(0);
                ResumptionNode clientA = ResumptionNode.start(client(nodes, twin));
                ResumptionNode clientB = ResumptionNode.start(client(nodes, twin))) {
            AtomicInteger cardWrites = countWrites(member, "card/" + twin);
            String key = "card/" + twin;
            for (int i = 0; i < 100 && !entries(member).containsKey(key); i++) {
                clientA.syncRingNow(); // the clients connect in the background
                Thread.sleep(100);
            }
            byte[] cardOfA = entries(member).get(key);
            for (int i = 0; i < 100 && java.util.Arrays.equals(cardOfA, entries(member).get(key));
                    i++) {
                // B overwrites A's card once: to B it may be B's own card from a previous run.
                clientB.syncRingNow();
                Thread.sleep(100);
            }
            clientA.syncRingNow(); // A finds a newer card under its id that it did not write

            assertTrue(log.contains("SEVERE", "two nodes run with tlsresume.nodeId=" + twin),
                    log.text());
            Thread.sleep(300);
            int settled = cardWrites.get();
            for (int i = 0; i < 5; i++) {
                clientA.syncRingNow();
                clientB.syncRingNow();
            }
            Thread.sleep(300);
            assertEquals(settled, cardWrites.get(), "the two nodes still fight over one card");
            assertFalse(log.lines().stream().filter(l -> l.contains("two nodes run with"))
                    .count() > 1, "reported once: " + log.text());
        }
    }

    private static Settings client(TestNodes nodes, String nodeId) {
        return Settings.builder().set("nodeId", nodeId).set("cluster.mode", "client")
                .set("cluster.name", nodes.clusterName()).set("cluster.members", nodes.members())
                .keySource(TestCertificates.get().keySource()).build();
    }

    private static IMap<String, byte[]> entries(ResumptionNode node) {
        return node.hazelcast().orElseThrow().getMap(HazelcastRingStore.ENTRIES_MAP_NAME);
    }

    private static AtomicInteger countWrites(ResumptionNode node, String key) {
        AtomicInteger writes = new AtomicInteger();
        entries(node).addEntryListener(new WriteCounter(writes), key, false);
        return writes;
    }

    private record WriteCounter(AtomicInteger writes) implements
            EntryAddedListener<String, byte[]>, EntryUpdatedListener<String, byte[]> {
        @Override
        public void entryAdded(com.hazelcast.core.EntryEvent<String, byte[]> event) {
            writes.incrementAndGet();
        }

        @Override
        public void entryUpdated(com.hazelcast.core.EntryEvent<String, byte[]> event) {
            writes.incrementAndGet();
        }
    }
}
