package io.tlsresume.core.ops;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.hazelcast.map.IMap;
import io.tlsresume.core.NodeMetrics;
import io.tlsresume.core.NodeMetricsMXBean;
import io.tlsresume.core.ResumptionNode;
import io.tlsresume.core.Settings;
import io.tlsresume.core.cluster.HazelcastRingStore;
import io.tlsresume.core.metrics.jmx.JmxExporter;
import io.tlsresume.core.ring.RingEntry;
import io.tlsresume.core.ring.RingKey;
import io.tlsresume.core.ring.RotationSchedule;
import io.tlsresume.core.ring.TicketKey;
import io.tlsresume.core.sealing.Envelope;
import io.tlsresume.testkit.LogCapture;
import io.tlsresume.testkit.NettyTestServer;
import io.tlsresume.testkit.OpenSslClient;
import io.tlsresume.testkit.TestNodes;
import io.tlsresume.testkit.hosts.LoadFigures;
import java.lang.management.ManagementFactory;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.PrivilegedExceptionAction;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HashSet;
import java.util.HexFormat;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.BooleanSupplier;
import javax.management.JMX;
import javax.management.MBeanServer;
import javax.management.ObjectName;
import javax.management.openmbean.CompositeData;
import javax.management.remote.JMXPrincipal;
import javax.security.auth.Subject;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * The key operations on a real two-member Hazelcast cluster, invoked as an operator does (JMX
 * operations on the node MBean, through the platform MBean server, as an authenticated JMX
 * principal), proven with real {@code openssl s_client} tickets and the nodes' own counters.
 */
class KeyOperationsTest {
    private static final MBeanServer SERVER = ManagementFactory.getPlatformMBeanServer();
    private static final String OPERATOR = "ops-admin";

    /** A node and the TLS server in front of it. */
    private record Member(ResumptionNode node, NettyTestServer server) implements AutoCloseable {
        static Member start(String label, Settings settings) throws InterruptedException {
            ResumptionNode node = ResumptionNode.start(settings);
            return new Member(node, new NettyTestServer(label, node.newServerContext(List.of())));
        }

        int port() {
            return server.port();
        }

        NodeMetrics metrics() {
            return node.metrics();
        }

        ObjectName mbean() {
            return JmxExporter.objectName("Node", node.settings().nodeId());
        }

        @Override
        public void close() {
            server.close();
            node.close();
        }
    }


    /** Client-side counts of one scenario, for its SCENARIO line. */
    private static final class Tally {
        private long connections;
        private long resumed;
        private long full;
        private long first;

        OpenSslClient.Result connect(int port, String protocol, Path in, Path out) {
            OpenSslClient.Result result = OpenSslClient.connect(port, protocol, in, out);
            connections++;
            if (result.reused()) {
                resumed++;
            } else {
                full++;
                if (in == null) {
                    first++;
                }
            }
            return result;
        }

        /** Prints the SCENARIO line and appends it to target/scenarios.txt. */
        void report(String scenario, String extra, Member... members) throws Exception {
            long serverResumed = 0;
            long serverFull = 0;
            long serverFailed = 0;
            for (Member m : members) {
                serverResumed += m.metrics().getResumedHandshakes();
                serverFull += m.metrics().getFullHandshakes();
                serverFailed += m.metrics().getFailedHandshakes();
            }
            String line = new LoadFigures(connections, resumed, full, 0, 0, first).line(scenario)
                    + " server-resumed=" + serverResumed + " server-full=" + serverFull
                    + " server-failed=" + serverFailed + " " + extra;
            io.tlsresume.testkit.ScenarioReport.record(line);
        }
    }

    @Test
    void ringKeysShowsEachKeysStateAndExpiryButNoKeyBytes() throws Exception {
        TestNodes nodes = new TestNodes(1);
        Set<String> secrets = ConcurrentHashMap.newKeySet();
        try (Member a = Member.start("A", nodes.settings(0, b -> b.set("cluster.mode", "none")))) {
            a.node().addKeyListener(keys -> keys.forEach(k -> secrets.addAll(secretForms(k))));
            a.node().rotateNow("test"); // the key it replaces stays, decrypting
            NodeMetricsMXBean proxy = JMX.newMXBeanProxy(SERVER, a.mbean(),
                    NodeMetricsMXBean.class);
            List<RingKey> keys = proxy.ringKeys();
            assertEquals(a.node().ringKeys(), keys, "the MXBean view reads the node's keys");
            RotationSchedule schedule = new RotationSchedule(a.node().settings()
                    .rotationInterval(), a.node().settings().ticketLifetime());
            long current = keys.get(0).epoch();
            assertEquals(List.of(RingKey.ENCRYPTING, RingKey.NEXT, RingKey.DECRYPTING),
                    keys.stream().map(RingKey::state).toList(), keys.toString());
            assertEquals(a.metrics().getCurrentKeyFingerprint(), keys.get(0).fingerprint());
            assertEquals(current + 1, keys.get(1).epoch());
            assertEquals(current, keys.get(2).epoch(), "the rotated-out key of this epoch");
            for (RingKey key : keys) {
                assertTrue(key.fingerprint().matches("[0-9a-f]{8}"), key.toString());
                assertEquals(schedule.retirement(key.epoch()).toString(), key.expires());
                assertEquals(schedule.start(key.epoch()).toString(), key.encryptsFrom());
            }
            CompositeData[] raw = (CompositeData[]) SERVER.invoke(a.mbean(), "ringKeys", null,
                    null);
            assertEquals(keys.size(), raw.length);
            assertFalse(secrets.isEmpty());
            String shown = keys.toString() + java.util.Arrays.toString(raw);
            for (String secret : secrets) {
                assertFalse(shown.toLowerCase().contains(secret.toLowerCase()),
                        "key bytes in " + shown);
            }
        }
    }

    @ParameterizedTest(name = "sealing={0}")
    @ValueSource(strings = {"on", "off"})
    void rotateNowOnOneNodeEncryptsEverywhereWithinOneTickAndEarlierTicketsStillResume(
            String sealing) throws Exception {
        TestNodes nodes = new TestNodes(2);
        Tally tally = new Tally();
        try (LogCapture log = new LogCapture();
                Member a = Member.start("A", nodes.settings(0, b -> b.set("sealing", sealing)));
                Member b = Member.start("B", nodes.settings(1, s -> s.set("sealing", sealing)))) {
            awaitUntil("one ring", () -> sameEncryptingKey(a, b), Duration.ofSeconds(30));
            String before = a.metrics().getCurrentKeyFingerprint();
            Path ticket = OpenSslClient.sessionFile();
            assertFalse(tally.connect(a.port(), "tls1_3", null, ticket).reused());

            long started = System.nanoTime();
            String rotated = asOperator(() -> (String) SERVER.invoke(a.mbean(), "rotateNow",
                    null, null));
            assertEquals(rotated, a.metrics().getCurrentKeyFingerprint(), "A encrypts at once");
            Duration tick = schedule(a).tickPeriod();
            awaitUntil("B encrypts under " + rotated,
                    () -> b.metrics().getCurrentKeyFingerprint().equals(rotated), tick);
            Duration took = Duration.ofNanos(System.nanoTime() - started);
            assertNotEquals(before, rotated);
            assertTrue(took.compareTo(tick) <= 0, "B followed in " + took + ", tick " + tick);
            for (Member m : List.of(a, b)) {
                assertTrue(m.node().ringKeys().stream().anyMatch(k -> k.fingerprint()
                        .equals(before) && k.state().equals(RingKey.DECRYPTING)),
                        "the key before decrypts: " + m.node().ringKeys());
            }

            long resumedA = a.metrics().getResumedHandshakes();
            long resumedB = b.metrics().getResumedHandshakes();
            assertTrue(tally.connect(a.port(), "tls1_3", ticket, null).reused(),
                    "a ticket from before resumes on A");
            assertTrue(tally.connect(b.port(), "tls1_3", ticket, null).reused(),
                    "a ticket from before resumes on B");
            assertEquals(resumedA + 1, a.metrics().getResumedHandshakes());
            assertEquals(resumedB + 1, b.metrics().getResumedHandshakes());
            Path fresh = OpenSslClient.sessionFile();
            assertFalse(tally.connect(a.port(), "tls1_2", null, fresh).reused());
            assertTrue(tally.connect(b.port(), "tls1_2", fresh, null).reused(),
                    "a ticket under the new key resumes on B");
            assertEquals(0, a.metrics().getFailedHandshakes() + b.metrics().getFailedHandshakes());
            assertTrue(log.contains("INFO", "Key operation rotateNow by JMX principal '" + OPERATOR
                    + "' on node " + a.node().settings().nodeId() + ": key " + rotated),
                    log.text());
            tally.report("rotateNow-sealing-" + sealing, "followed-in-ms=" + took.toMillis()
                    + " tick-ms=" + tick.toMillis(), a, b);
        }
    }

    @ParameterizedTest(name = "sealing={0}")
    @ValueSource(strings = {"on", "off"})
    void revokeAllOnOneNodeDropsEveryKeyEverywhereAndEarlierTicketsGetAFullHandshake(
            String sealing) throws Exception {
        TestNodes nodes = new TestNodes(2);
        Tally tally = new Tally();
        Set<String> secrets = ConcurrentHashMap.newKeySet();
        Member b = null;
        try (LogCapture log = new LogCapture();
                Member a = Member.start("A", nodes.settings(0, s -> s.set("sealing", sealing)))) {
            b = Member.start("B", nodes.settings(1, s -> s.set("sealing", sealing)));
            for (Member m : List.of(a, b)) {
                m.node().addKeyListener(keys -> keys.forEach(k -> secrets.addAll(secretForms(k))));
            }
            Member bNow = b;
            awaitUntil("one ring", () -> sameEncryptingKey(a, bNow), Duration.ofSeconds(30));
            a.node().rotateNow("test"); // an orphan too: every kind of key must go
            awaitUntil("one ring", () -> sameEncryptingKey(a, bNow), Duration.ofSeconds(30));
            Set<String> before = fingerprints(a, b);
            Path ticket12 = OpenSslClient.sessionFile();
            Path ticket13 = OpenSslClient.sessionFile();
            assertFalse(tally.connect(a.port(), "tls1_2", null, ticket12).reused());
            assertFalse(tally.connect(b.port(), "tls1_3", null, ticket13).reused());
            assertTrue(tally.connect(b.port(), "tls1_2", ticket12, null).reused(),
                    "the ticket resumes across nodes before the revocation");

            long started = System.nanoTime();
            String fresh = asOperator(() -> (String) SERVER.invoke(a.mbean(), "revokeAll", null,
                    null));
            Duration tick = schedule(a).tickPeriod();
            awaitUntil("B dropped every key from before", () -> disjoint(bNow, before)
                    && bNow.metrics().getCurrentKeyFingerprint().equals(fresh), tick);
            Duration took = Duration.ofNanos(System.nanoTime() - started);
            assertFalse(before.contains(fresh));
            assertTrue(took.compareTo(tick) <= 0, "B followed in " + took + ", tick " + tick);
            assertTrue(disjoint(a, before), "A: " + a.node().ringKeys() + " before " + before);
            assertTrue(disjoint(b, before), "B: " + b.node().ringKeys() + " before " + before);
            assertStoreHoldsNone(a, before);

            long[] full = {a.metrics().getFullHandshakes(), b.metrics().getFullHandshakes()};
            long[] decryptFailures = {a.metrics().getTicketDecryptFailures(),
                b.metrics().getTicketDecryptFailures()};
            assertFalse(tally.connect(a.port(), "tls1_2", ticket12, null).reused(),
                    "an earlier ticket on A");
            assertFalse(tally.connect(b.port(), "tls1_2", ticket12, null).reused(),
                    "an earlier ticket on B");
            assertFalse(tally.connect(a.port(), "tls1_3", ticket13, null).reused(),
                    "an earlier TLS 1.3 ticket on A");
            assertEquals(full[0] + 2, a.metrics().getFullHandshakes());
            assertEquals(full[1] + 1, b.metrics().getFullHandshakes());
            assertEquals(decryptFailures[1] + 1, b.metrics().getTicketDecryptFailures(),
                    "B could not decrypt it: the key is gone");
            Path after = OpenSslClient.sessionFile();
            assertFalse(tally.connect(a.port(), "tls1_2", null, after).reused());
            assertTrue(tally.connect(b.port(), "tls1_2", after, null).reused(),
                    "new tickets resume across nodes");

            // A node restarted after the revocation brings no revoked key back.
            b.close();
            b = null;
            b = Member.start("B", nodes.settings(1, s -> s.set("sealing", sealing)));
            Member restarted = b;
            awaitUntil("restarted B in the ring", () -> sameEncryptingKey(a, restarted),
                    Duration.ofSeconds(30));
            assertTrue(disjoint(restarted, before), restarted.node().ringKeys().toString());
            assertStoreHoldsNone(a, before);
            assertFalse(tally.connect(restarted.port(), "tls1_2", ticket12, null)
                    .reused(), "an earlier ticket on the restarted B");
            assertTrue(tally.connect(restarted.port(), "tls1_2", after, null).reused(),
                    "a ticket from after the revocation resumes on the restarted B");
            assertEquals(0, a.metrics().getFailedHandshakes()
                    + restarted.metrics().getFailedHandshakes(), "never an error");

            String nodeA = a.node().settings().nodeId();
            assertTrue(log.contains("WARNING", "Key operation revokeAll by JMX principal '"
                    + OPERATOR + "' on node " + nodeA + ": dropped the"), log.text());
            assertTrue(log.contains("WARNING", "Key revocation (generation"), log.text());
            for (String secret : secrets) {
                assertFalse(log.text().toLowerCase().contains(secret.toLowerCase()),
                        "key bytes in the log");
            }
            tally.report("revokeAll-sealing-" + sealing, "keys-dropped=" + before.size()
                    + " followed-in-ms=" + took.toMillis() + " tick-ms=" + tick.toMillis(), a,
                    restarted);
        } finally {
            if (b != null) {
                b.close();
            }
        }
    }

    /** Neither entry values nor side-entry names (re-seals) name a key from {@code before}. */
    private static void assertStoreHoldsNone(Member member, Set<String> before) throws Exception {
        var hazelcast = member.node().hazelcast().orElseThrow();
        IMap<Long, byte[]> ring = hazelcast.getMap(HazelcastRingStore.MAP_NAME);
        List<String> stored = new ArrayList<>();
        for (byte[] entry : ring.values()) {
            byte[] payload = RingEntry.payloadOf(entry);
            stored.add(member.node().settings().sealing()
                    ? fingerprintOf(Envelope.verify(payload).keyName())
                    : TicketKey.fromBytes(payload).fingerprint());
        }
        assertFalse(stored.isEmpty());
        for (String fingerprint : stored) {
            assertFalse(before.contains(fingerprint), "store holds " + fingerprint);
        }
        IMap<String, byte[]> side = hazelcast.getMap(HazelcastRingStore.ENTRIES_MAP_NAME);
        for (String name : side.keySet()) {
            for (String fingerprint : before) {
                assertFalse(name.contains(fingerprint), "side entry " + name);
            }
        }
    }

    private static String fingerprintOf(byte[] keyName) throws Exception {
        return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(keyName), 0,
                4);
    }

    private static Set<String> fingerprints(Member... members) {
        Set<String> all = new HashSet<>();
        for (Member m : members) {
            m.node().ringKeys().forEach(k -> all.add(k.fingerprint()));
        }
        return all;
    }

    private static boolean disjoint(Member member, Set<String> before) {
        return member.node().ringKeys().stream().noneMatch(k -> before.contains(k.fingerprint()));
    }

    private static boolean sameEncryptingKey(Member a, Member b) {
        String key = a.metrics().getCurrentKeyFingerprint();
        return a.metrics().getClusterMembers() == 2 && !a.metrics().isDegraded()
                && !b.metrics().isDegraded() && key.equals(b.metrics().getCurrentKeyFingerprint());
    }

    private static RotationSchedule schedule(Member member) {
        return new RotationSchedule(member.node().settings().rotationInterval(),
                member.node().settings().ticketLifetime());
    }

    /** Runs {@code action} as an authenticated JMX connector would: as the operator's subject. */
    private static <T> T asOperator(PrivilegedExceptionAction<T> action) throws Exception {
        Subject subject = new Subject(true, Set.of(new JMXPrincipal(OPERATOR)), Set.of(),
                Set.of());
        @SuppressWarnings("removal")
        T result = Subject.doAs(subject, action);
        return result;
    }

    private static List<String> secretForms(TicketKey key) {
        List<String> forms = new ArrayList<>();
        for (byte[] secret : List.of(key.hmacKey(), key.aesKey())) {
            forms.add(HexFormat.of().formatHex(secret));
            forms.add(Base64.getEncoder().encodeToString(secret));
        }
        return forms;
    }

    private static void awaitUntil(String what, BooleanSupplier condition, Duration within)
            throws InterruptedException {
        // A loaded machine: allow the bound plus generous slack, then report what was seen.
        long deadline = System.nanoTime() + within.plusSeconds(20).toNanos();
        while (!condition.getAsBoolean()) {
            if (System.nanoTime() > deadline) {
                throw new AssertionError("not within " + within + " (+20 s): " + what);
            }
            Thread.sleep(20);
        }
    }
}
