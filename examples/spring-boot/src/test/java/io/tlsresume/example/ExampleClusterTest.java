package io.tlsresume.example;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.tlsresume.core.NodeMetrics;
import io.tlsresume.core.ResumptionNode;
import io.tlsresume.spring.TlsResumeNodes;
import io.tlsresume.testkit.JdkHttpsClient;
import io.tlsresume.testkit.OpenSslClient;
import io.tlsresume.testkit.Ports;
import io.tlsresume.testkit.RoundRobinBalancer;
import io.tlsresume.testkit.TestCertificates;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.boot.web.server.context.WebServerApplicationContext;
import org.springframework.context.ConfigurableApplicationContext;

/**
 * Two instances of the example application on embedded Tomcat, configured as its README says
 * (application.yml, the values given on the command line): a session made on one resumes on
 * the other, with openssl s_client and with the JDK client behind a round-robin balancer.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class ExampleClusterTest {
    private ConfigurableApplicationContext a;
    private ConfigurableApplicationContext b;

    @BeforeAll
    void startTwoInstances() throws InterruptedException {
        int portA = Ports.free();
        int portB = Ports.free();
        String members = "127.0.0.1:" + portA + ",127.0.0.1:" + portB;
        var startA = CompletableFuture.supplyAsync(() -> start("a", portA, members));
        var startB = CompletableFuture.supplyAsync(() -> start("b", portB, members));
        a = startA.join();
        b = startB.join();
        awaitSameRing();
    }

    @AfterAll
    void stop() {
        if (a != null) {
            a.close();
        }
        if (b != null) {
            b.close();
        }
    }

    @ParameterizedTest
    @ValueSource(strings = {"tls1_2", "tls1_3"})
    void sessionFromOneInstanceResumesOnTheOther(String protocol) {
        Path session = OpenSslClient.sessionFile();
        OpenSslClient.Result onA = OpenSslClient.connect(port(a), protocol, null, session);
        assertFalse(onA.reused(), onA.output());
        assertTrue(onA.output().contains("node=a resumed=false"), onA.output());
        OpenSslClient.Result onB = OpenSslClient.connect(port(b), protocol, session, null);
        assertTrue(onB.reused(), onB.output());
        assertTrue(onB.output().contains("node=b resumed=true"), onB.output());
    }

    @ParameterizedTest
    @ValueSource(strings = {"TLSv1.2", "TLSv1.3"})
    void everyReconnectionThroughTheBalancerResumes(String protocol) {
        JdkHttpsClient client = new JdkHttpsClient(protocol);
        try (RoundRobinBalancer balancer = new RoundRobinBalancer(List.of(port(a), port(b)))) {
            assertTrue(client.get(balancer.port()).body().contains("resumed=false"));
            for (int i = 1; i <= 4; i++) {
                JdkHttpsClient.Exchange next = client.get(balancer.port());
                assertEquals(protocol, next.protocol());
                assertTrue(next.serverSaysResumed(), "connection " + i + ": " + next.body());
            }
        }
    }

    /** Both instances in one cluster, encrypting under the same ring key. */
    private void awaitSameRing() throws InterruptedException {
        long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
        while (System.nanoTime() < deadline) {
            NodeMetrics ma = metrics(a);
            NodeMetrics mb = metrics(b);
            if (ma.getClusterMembers() == 2 && mb.getClusterMembers() == 2
                    && !ma.getCurrentKeyFingerprint().isEmpty()
                    && ma.getCurrentKeyFingerprint().equals(mb.getCurrentKeyFingerprint())) {
                return;
            }
            Thread.sleep(50);
        }
        throw new IllegalStateException("no common ring key: " + metrics(a) + " / " + metrics(b));
    }

    private static NodeMetrics metrics(ConfigurableApplicationContext app) {
        List<ResumptionNode> nodes = app.getBean(TlsResumeNodes.class).running();
        assertEquals(1, nodes.size());
        return nodes.get(0).metrics();
    }

    private static ConfigurableApplicationContext start(String node, int clusterPort,
            String members) {
        return new SpringApplicationBuilder(ExampleApplication.class).run(
                "--server.port=0",
                "--server.ssl.key-store=" + TestCertificates.get().keyStore().toUri(),
                "--server.ssl.key-store-password=" + TestCertificates.PASSWORD,
                "--tlsresume.node-id=" + node,
                "--tlsresume.cluster.port=" + clusterPort,
                "--tlsresume.cluster.members=" + members,
                "--tlsresume.cluster.name=example-" + members.hashCode(),
                "--spring.main.banner-mode=off",
                "--logging.level.root=WARN");
    }

    private static int port(ConfigurableApplicationContext app) {
        return ((WebServerApplicationContext) app).getWebServer().getPort();
    }
}
