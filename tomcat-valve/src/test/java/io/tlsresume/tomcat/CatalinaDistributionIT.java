package io.tlsresume.tomcat;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.tlsresume.testkit.OpenSslClient;
import io.tlsresume.testkit.TestNodes;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;

/**
 * The real Tomcat 11 distribution, two nodes in separate JVMs started by {@code catalina.sh},
 * configured only with the README's server.xml and jars: sessions resume across nodes.
 */
class CatalinaDistributionIT {

    @Test
    void stockTomcatNodesResumeEachOthersSessions() throws Exception {
        Path work = Path.of(System.getProperty("it.work"));
        TestNodes nodes = new TestNodes(2);
        String idA = nodes.properties(0).get("nodeId");
        String idB = nodes.properties(1).get("nodeId");
        try (CatalinaProcess a = new CatalinaProcess(work, nodes.properties(0));
                CatalinaProcess b = new CatalinaProcess(work, nodes.properties(1))) {
            a.start();
            b.start();
            for (String protocol : new String[] {"tls1_2", "tls1_3"}) {
                Path session = OpenSslClient.sessionFile();
                OpenSslClient.Result first = OpenSslClient.connect(a.httpsPort(), protocol, null,
                        session);
                assertFalse(first.reused(), first.output());
                assertTrue(first.output().contains("X-TLS-Node: " + idA), first.output());
                assertTrue(first.output().contains("hello from tomcat"), first.output());

                OpenSslClient.Result second = OpenSslClient.connect(b.httpsPort(), protocol,
                        session, null);
                assertTrue(second.reused(), protocol + ":\n" + second.output() + "\nB's log:\n"
                        + b.output());
                assertTrue(second.output().contains("X-TLS-Node: " + idB), second.output());
                assertTrue(second.output().contains("X-TLS-Resumed: true"), second.output());
            }
            Process curl = new ProcessBuilder("curl", "-sS", "--http2", "-o", "/dev/null",
                    "-w", "%{http_version}", "--cacert",
                    io.tlsresume.testkit.TestCertificates.get().certificatePem().toString(),
                    "--resolve", "localhost:" + a.httpsPort() + ":127.0.0.1",
                    "https://localhost:" + a.httpsPort() + "/").redirectErrorStream(true).start();
            String version = new String(curl.getInputStream().readAllBytes()).trim();
            assertTrue(curl.waitFor(30, java.util.concurrent.TimeUnit.SECONDS));
            assertTrue(version.equals("2"), "curl --http2 got HTTP version " + version);

            assertTrue(a.stop(), "A's JVM still runs a minute after catalina.sh stop:\n"
                    + a.output());
            assertTrue(a.output().contains("tlsresume node " + idA + " stopped"), a.output());
            assertTrue(b.stop(), "B's JVM still runs a minute after catalina.sh stop:\n"
                    + b.output());
        }
    }
}
