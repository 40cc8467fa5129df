package io.tlsresume.bench;

import io.tlsresume.core.metrics.HandshakeObserver;
import io.tlsresume.core.engine.ServerTlsContext;
import io.tlsresume.core.ring.TicketKey;
import io.tlsresume.testkit.TestCertificates;
import java.security.SecureRandom;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;

/**
 * Ring install time: what a node pays each time the ring changes (rotation, a key arriving from
 * the cluster) to hand every key to BoringSSL. 14 keys is the default ring (12 h lifetime / 1 h
 * rotation + current + next); 2 is the smallest.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
public class RingInstallBenchmark {
    @Param({"2", "14"})
    public int ringSize;

    private ServerTlsContext context;
    private List<TicketKey> keys;

    @Setup
    public void setup() {
        context = ServerTlsContext.create(TestCertificates.get().keySource(),
                Duration.ofHours(12), List.of(), new HandshakeObserver() {
                    @Override
                    public void handshakeCompleted(boolean resumed, String protocol) {
                    }

                    @Override
                    public void handshakeFailed() {
                    }
                });
        SecureRandom random = new SecureRandom();
        keys = new ArrayList<>();
        for (int i = 0; i < ringSize; i++) {
            keys.add(TicketKey.generate(1000 - i, random));
        }
    }

    @Benchmark
    public void install() {
        context.install(keys);
    }
}
