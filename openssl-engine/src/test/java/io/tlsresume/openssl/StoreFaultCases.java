package io.tlsresume.openssl;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.tlsresume.core.ResumptionNode;
import io.tlsresume.core.metrics.jmx.JmxExporter;
import io.tlsresume.testkit.JdkHttpsClient;
import io.tlsresume.testkit.NodePair;
import io.tlsresume.testkit.OpenSslClient;
import io.tlsresume.testkit.RoundRobinBalancer;
import java.lang.management.ManagementFactory;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.UnaryOperator;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

/**
 * The store frozen, broken or gone: handshakes still complete, as full handshakes, and nothing
 * that goes wrong inside the OpenSSL callbacks reaches (and kills) the JVM. The cases run on
 * every server this engine serves: Tomcat ({@link StoreFaultsTest}) and Jetty (module
 * tlsresume-jetty-openssl).
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
public abstract class StoreFaultCases {
    private final List<FaultyStore> stores = new ArrayList<>();
    private NodePair<?> pair;

    /** Two nodes of one cluster on engine=openssl, started with the faulty store in place. */
    protected abstract NodePair<?> startPair();

    /** The running tlsresume node of server {@code index} of {@code pair}. */
    protected abstract ResumptionNode node(NodePair<?> pair, int index);

    /**
     * Handshakes each of the two clients (TLS 1.2, TLS 1.3) makes while faults are injected:
     * 500 (1,000 in all) where the cases were written; a server whose engine code is the same
     * may run fewer to stay within the CI budget.
     */
    protected int faultHandshakesPerClient() {
        return 500;
    }

    @BeforeAll
    void start() {
        ClusterSessionCache.storeDecorator = real -> {
            FaultyStore store = new FaultyStore(real);
            synchronized (stores) {
                stores.add(store);
            }
            return store;
        };
        pair = startPair();
    }

    @AfterAll
    void stop() {
        ClusterSessionCache.storeDecorator = UnaryOperator.identity();
        if (pair != null) {
            pair.close();
        }
    }

    private void mode(FaultyStore.Mode mode) {
        synchronized (stores) {
            stores.forEach(s -> s.mode(mode));
        }
    }

    private OpenSslMetrics store(int index) {
        return OpenSslMetrics.of(node(pair, index));
    }

    /** An attribute of node {@code index}'s OpenSSL MBean, read as an operator would. */
    private long jmx(int index, String attribute) throws Exception {
        return (Long) ManagementFactory.getPlatformMBeanServer().getAttribute(
                JmxExporter.objectName("OpenSsl", pair.nodeId(index)), attribute);
    }

    @Test
    void writesDroppedByAHungStoreAreReadableOverJmx() throws Exception {
        int handshakes = ClusterSessionCache.MAX_PENDING_WRITES + 44;
        long writtenBefore = jmx(0, "SessionStoreWrites");
        long droppedBefore = jmx(0, "SessionStoreDroppedWrites");
        mode(FaultyStore.Mode.FROZEN);
        try {
            for (int i = 0; i < handshakes; i++) {
                // A fresh client each time: a full handshake, one new session, one write.
                JdkHttpsClient client = new JdkHttpsClient("TLSv1.2");
                assertTrue(client.get(pair.a.port()).head().startsWith("HTTP/1.1 200"));
            }
            long written = jmx(0, "SessionStoreWrites") - writtenBefore;
            long dropped = jmx(0, "SessionStoreDroppedWrites") - droppedBefore;
            System.out.println(handshakes + " new sessions into a hung store: " + written
                    + " writes pending, " + dropped + " dropped");
            assertEquals(handshakes, written + dropped);
            assertTrue(written <= ClusterSessionCache.MAX_PENDING_WRITES, "written " + written);
            assertTrue(dropped >= handshakes - ClusterSessionCache.MAX_PENDING_WRITES,
                    "dropped " + dropped);
            assertEquals(store(0).writesDropped(), jmx(0, "SessionStoreDroppedWrites"));
        } finally {
            mode(FaultyStore.Mode.PASS);
        }
        // The store thawed and answered the held writes: new sessions are stored again.
        long writtenAfterThaw = jmx(0, "SessionStoreWrites");
        long droppedAfterThaw = jmx(0, "SessionStoreDroppedWrites");
        new JdkHttpsClient("TLSv1.2").get(pair.a.port());
        assertEquals(writtenAfterThaw + 1, jmx(0, "SessionStoreWrites"));
        assertEquals(droppedAfterThaw, jmx(0, "SessionStoreDroppedWrites"));
    }

    @Test
    void frozenStoreMeansAFullHandshakeAfterTheBound() {
        mode(FaultyStore.Mode.PASS);
        Path session = OpenSslClient.sessionFile();
        OpenSslClient.Result first = OpenSslClient.connect(pair.a.port(), "tls1_2", null,
                session, "-no_ticket");
        assertFalse(first.sessionId().isEmpty(), first.output());
        long timeoutsBefore = store(1).timeouts();

        mode(FaultyStore.Mode.FROZEN);
        try {
            long start = System.nanoTime();
            OpenSslClient.Result second = OpenSslClient.connect(pair.b.port(), "tls1_2",
                    session, null, "-no_ticket");
            long millis = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - start);
            assertFalse(second.reused(), second.output());
            assertTrue(second.output().contains("HTTP/1.1 200"), second.output());
            assertEquals(timeoutsBefore + 1, store(1).timeouts());
            System.out.println("frozen store: full handshake + request took " + millis
                    + " ms (bound 50 ms)");
        } finally {
            mode(FaultyStore.Mode.PASS);
        }
        // Once the store answers again the same session resumes.
        assertTrue(OpenSslClient.connect(pair.b.port(), "tls1_2", session, null, "-no_ticket")
                .reused());
    }

    @Test
    void handshakesWithFaultsInjectedIntoTheCallbacks() throws Exception {
        mode(FaultyStore.Mode.FAULTS);
        long faultsBefore = SessionCallbacks.faults();
        long jmxFaultsBefore = jmx(0, "SessionStoreUpcallFaults")
                + jmx(1, "SessionStoreUpcallFaults");
        long hitsBefore = store(0).hits() + store(1).hits();
        AtomicInteger ok = new AtomicInteger();
        AtomicInteger resumed = new AtomicInteger();
        ExecutorService clients = Executors.newFixedThreadPool(2);
        try (RoundRobinBalancer balancer = pair.balancer()) {
            List<Future<?>> runs = new ArrayList<>();
            for (int c = 0; c < 2; c++) {
                String protocol = c == 0 ? "TLSv1.2" : "TLSv1.3";
                runs.add(clients.submit(() -> {
                    // One client per thread: its session cache offers the last session each time.
                    JdkHttpsClient client = new JdkHttpsClient(protocol);
                    String last = null;
                    for (int i = 0; i < faultHandshakesPerClient(); i++) {
                        JdkHttpsClient.Exchange response = client.get(balancer.port());
                        if (response.head().startsWith("HTTP/1.1 200")) {
                            ok.incrementAndGet();
                        }
                        if (last != null && last.equals(response.sessionId())) {
                            resumed.incrementAndGet();
                        }
                        last = response.sessionId();
                    }
                    return null;
                }));
            }
            for (Future<?> run : runs) {
                run.get(10, TimeUnit.MINUTES);
            }
        } finally {
            mode(FaultyStore.Mode.PASS);
            clients.shutdownNow();
        }
        long faults = SessionCallbacks.faults() - faultsBefore;
        long hits = store(0).hits() + store(1).hits()
                - hitsBefore;
        long injected = stores.stream().mapToLong(s -> s.injected.get()).sum();
        int handshakes = 2 * faultHandshakesPerClient();
        System.out.println(handshakes + " handshakes with faults: ok=" + ok + ", store hits=" + hits
                + ", TLS 1.2 same-id resumptions=" + resumed + ", faults caught in upcalls="
                + faults + ", faults injected=" + injected + ", timeouts="
                + (store(0).timeouts() + store(1).timeouts())
                + ", unreadable=" + (store(0).unreadableEntries()
                        + store(1).unreadableEntries()));
        assertEquals(handshakes, ok.get());
        assertTrue(faults > 0, "no fault reached the callbacks");
        // Each one counted for its node, readable by operators.
        assertEquals(faults, jmx(0, "SessionStoreUpcallFaults")
                + jmx(1, "SessionStoreUpcallFaults") - jmxFaultsBefore);
        assertTrue(hits > 0, "no resumption despite a partly working store");
        assertTrue(store(0).unreadableEntries()
                + store(1).unreadableEntries() > 0);
    }
}
