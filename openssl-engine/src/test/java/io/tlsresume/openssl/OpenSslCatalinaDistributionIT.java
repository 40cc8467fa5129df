package io.tlsresume.openssl;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.tlsresume.testkit.OpenSslClient;
import io.tlsresume.testkit.TestNodes;
import io.tlsresume.tomcat.CatalinaProcess;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;

/**
 * The real Tomcat 11.0.25 distribution, two nodes in separate JVMs started by its own
 * {@code catalina.sh}, configured only with the README's server.xml (OpenSSL engine Connector) and jars: Tomcat's
 * FFM OpenSSL engine resumes TLS 1.2 session ids and stateful TLS 1.3 tickets across nodes.
 */
class OpenSslCatalinaDistributionIT {

    @Test
    void stockTomcatNodesOnOpenSslResumeEachOthersSessions() throws Exception {
        Path work = Path.of(System.getProperty("it.work"));
        TestNodes nodes = new TestNodes(2);
        String idA = nodes.properties(0).get("nodeId");
        String idB = nodes.properties(1).get("nodeId");
        try (CatalinaProcess a = new CatalinaProcess(work, nodes.properties(0),
                "### server.xml for the OpenSSL engine");
                CatalinaProcess b = new CatalinaProcess(work, nodes.properties(1),
                        "### server.xml for the OpenSSL engine")) {
            a.start();
            b.start();
            String[][] cases = {{"tls1_2", "-no_ticket"}, {"tls1_3"}};
            for (String[] c : cases) {
                String protocol = c[0];
                String[] extra = java.util.Arrays.copyOfRange(c, 1, c.length);
                Path session = OpenSslClient.sessionFile();
                OpenSslClient.Result first = OpenSslClient.connect(a.httpsPort(), protocol, null,
                        session, extra);
                assertFalse(first.reused(), first.output());
                assertTrue(first.output().contains("X-TLS-Node: " + idA), first.output());
                assertTrue(first.output().contains("hello from tomcat"), first.output());

                OpenSslClient.Result second = OpenSslClient.connect(b.httpsPort(), protocol,
                        session, null, extra);
                assertTrue(second.reused(), protocol + ":\n" + second.output() + "\nB's log:\n"
                        + b.output());
                assertTrue(second.output().contains("X-TLS-Node: " + idB), second.output());
                if (protocol.equals("tls1_2")) {
                    assertEquals(first.sessionId(), second.sessionId());
                }
            }
            assertTrue(a.output().contains("engine=OPENSSL"), a.output());
            assertTrue(a.stop(), "A's JVM still runs a minute after catalina.sh stop:\n"
                    + a.output());
            assertTrue(b.stop(), "B's JVM still runs a minute after catalina.sh stop:\n"
                    + b.output());
        }
    }
}
