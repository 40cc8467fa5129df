package io.tlsresume.bench;

import io.tlsresume.testkit.RoundRobinBalancer;
import io.tlsresume.testkit.TempFiles;
import io.tlsresume.testkit.TestCertificates;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

/**
 * The C anchor of item 2: nginx serving the nodes' own certificate and key, measured the way
 * item 2 measures the nodes, in the same rounds: the same number of {@code openssl s_time}
 * clients, each behind a balancer of its own, and nginx's CPU time (master and worker, read
 * from /proc) divided by the connections made. The report sets the nodes' CPU per handshake
 * against these figures (node / nginx).
 */
final class NginxCpu implements AutoCloseable {
    static final String FULL = "nginx full";
    static final String RESUMED = "nginx resumed";

    private final Nginx nginx;

    private NginxCpu(Nginx nginx) {
        this.nginx = nginx;
    }

    /**
     * nginx with the nodes' certificate and private key (exported from the test key store to
     * PEM files in a folder deleted when the bench exits), or empty with the reason in the
     * results' notes.
     */
    static java.util.Optional<NginxCpu> start(Results results) throws Exception {
        Path dir = TempFiles.directory("tlsresume-bench-nginx-cpu");
        Path key = dir.resolve("key.pem");
        Path store = TestCertificates.get().keyStore();
        Process p = new ProcessBuilder("openssl", "pkcs12", "-in", store.toString(), "-nodes",
                "-nocerts", "-passin", "pass:" + TestCertificates.PASSWORD, "-out",
                key.toString()).redirectErrorStream(true).start();
        String said = new String(p.getInputStream().readAllBytes());
        if (p.waitFor() != 0) {
            results.note("item 2: nginx NOT measured: exporting the nodes' key failed: " + said);
            return java.util.Optional.empty();
        }
        try {
            Nginx nginx = Nginx.start(TestCertificates.get().certificatePem(), key);
            results.note("item 2 reference: nginx " + nginx.version() + ", one worker, the nodes'"
                    + " own EC P-256 certificate and key, ticket key from an"
                    + " ssl_session_ticket_key file; CPU of master + worker");
            return java.util.Optional.of(new NginxCpu(nginx));
        } catch (IllegalStateException e) {
            results.note("item 2: nginx NOT measured: " + e.getMessage());
            return java.util.Optional.empty();
        }
    }

    /** A few seconds of full and resumed handshakes, so the first sample is not nginx's first. */
    void warmUp(List<String> protocols, int seconds) throws Exception {
        for (String protocol : protocols) {
            for (boolean reuse : new boolean[] {false, true}) {
                STime.run(nginx.port(), protocol, reuse, seconds, 1);
            }
        }
    }

    /**
     * One round: full then resumed, or the other way round on odd rounds, with {@code clients}
     * s_time clients each behind a balancer of its own (as the nodes' clients are).
     */
    void round(Results results, String item, String setup, String protocol, int round,
            int clients, int seconds) throws Exception {
        for (String variant : Bench.alternate(round, FULL, RESUMED)) {
            List<RoundRobinBalancer> balancers = new ArrayList<>();
            try {
                for (int i = 0; i < clients; i++) {
                    balancers.add(new RoundRobinBalancer(List.of(nginx.port())));
                }
                Duration before = nginx.cpuTime();
                STime.Sample s = STime.run(balancers.stream().map(RoundRobinBalancer::port)
                        .toList(), protocol, variant.equals(RESUMED), seconds);
                Duration used = nginx.cpuTime().minus(before);
                double micros = used.toNanos() / 1e3 / s.connections();
                results.add(item, setup, variant, round, "cpu_us_per_handshake", micros, "us");
                results.add(item, setup, variant, round, "handshakes_per_s", s.perSecond(),
                        "1/s");
                results.add(item, setup, variant, round, "resumed_share", s.resumedShare(),
                        "ratio");
                Bench.log(item + " " + setup + " " + variant + ": " + Math.round(micros)
                        + " us/handshake, resumed " + s.resumedShare());
            } finally {
                balancers.forEach(RoundRobinBalancer::close);
            }
        }
    }

    @Override
    public void close() throws InterruptedException {
        nginx.close();
    }
}
