package io.tlsresume.openssl;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.tlsresume.core.NodeMetrics;
import io.tlsresume.testkit.JdkHttpsClient;
import io.tlsresume.testkit.OpenSslClient;
import io.tlsresume.testkit.RoundRobinBalancer;
import io.tlsresume.tomcat.TomcatPair;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.UnaryOperator;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The store frozen, broken or gone: handshakes still complete, as full handshakes, and nothing
 * that goes wrong inside the OpenSSL callbacks reaches (and kills) the JVM.
 */
class StoreFaultsTest {
    private static final List<FaultyStore> STORES = new ArrayList<>();
    private static TomcatPair pair;

    @BeforeAll
    static void start() {
        ClusterSessionCache.storeDecorator = real -> {
            FaultyStore store = new FaultyStore(real);
            synchronized (STORES) {
                STORES.add(store);
            }
            return store;
        };
        pair = new TomcatPair(Map.of("engine", "openssl"));
    }

    @AfterAll
    static void stop() {
        ClusterSessionCache.storeDecorator = UnaryOperator.identity();
        pair.close();
    }

    private static void mode(FaultyStore.Mode mode) {
        synchronized (STORES) {
            STORES.forEach(s -> s.mode(mode));
        }
    }

    private static NodeMetrics metrics(int index) {
        return (index == 0 ? pair.a : pair.b).listener.getNode().metrics();
    }

    @Test
    void frozenStoreMeansAFullHandshakeAfterTheBound() {
        mode(FaultyStore.Mode.PASS);
        Path session = OpenSslClient.sessionFile();
        OpenSslClient.Result first = OpenSslClient.connect(pair.a.port(), "tls1_2", null,
                session, "-no_ticket");
        assertFalse(first.sessionId().isEmpty(), first.output());
        long timeoutsBefore = metrics(1).getSessionStoreTimeouts();

        mode(FaultyStore.Mode.FROZEN);
        try {
            long start = System.nanoTime();
            OpenSslClient.Result second = OpenSslClient.connect(pair.b.port(), "tls1_2",
                    session, null, "-no_ticket");
            long millis = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - start);
            assertFalse(second.reused(), second.output());
            assertTrue(second.output().contains("HTTP/1.1 200"), second.output());
            assertEquals(timeoutsBefore + 1, metrics(1).getSessionStoreTimeouts());
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
    void thousandHandshakesWithFaultsInjectedIntoTheCallbacks() throws Exception {
        mode(FaultyStore.Mode.FAULTS);
        long faultsBefore = SessionCallbacks.faults();
        long hitsBefore = metrics(0).getSessionStoreHits() + metrics(1).getSessionStoreHits();
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
                    for (int i = 0; i < 500; i++) {
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
        long hits = metrics(0).getSessionStoreHits() + metrics(1).getSessionStoreHits()
                - hitsBefore;
        long injected = STORES.stream().mapToLong(s -> s.injected.get()).sum();
        System.out.println("1000 handshakes with faults: ok=" + ok + ", store hits=" + hits
                + ", TLS 1.2 same-id resumptions=" + resumed + ", faults caught in upcalls="
                + faults + ", faults injected=" + injected + ", timeouts="
                + (metrics(0).getSessionStoreTimeouts() + metrics(1).getSessionStoreTimeouts())
                + ", unreadable=" + (metrics(0).getSessionStoreUnreadableEntries()
                        + metrics(1).getSessionStoreUnreadableEntries()));
        assertEquals(1000, ok.get());
        assertTrue(faults > 0, "no fault reached the callbacks");
        assertTrue(hits > 0, "no resumption despite a partly working store");
        assertTrue(metrics(0).getSessionStoreUnreadableEntries()
                + metrics(1).getSessionStoreUnreadableEntries() > 0);
    }
}
