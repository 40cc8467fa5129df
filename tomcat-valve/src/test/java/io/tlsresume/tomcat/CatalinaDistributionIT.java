package io.tlsresume.tomcat;

import static org.junit.jupiter.api.Assertions.assertTrue;

import io.tlsresume.testkit.Curl;
import io.tlsresume.testkit.OpenSslClient;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * The real Tomcat 11 distribution, two nodes in separate JVMs started by {@code catalina.sh},
 * configured only with the server.xml and jars of docs/tomcat.md: sessions resume across nodes.
 */
class CatalinaDistributionIT {

    @Test
    void stockTomcatNodesResumeEachOthersSessions() throws Exception {
        try (CatalinaPair pair = new CatalinaPair()) {
            for (String protocol : new String[] {"tls1_2", "tls1_3"}) {
                OpenSslClient.Result second = pair.assertSessionFromAResumesOnB(protocol).onB();
                assertTrue(second.output().contains("X-TLS-Resumed: true"), second.output());
            }
            int portA = pair.a.port();
            Curl curl = Curl.run(List.of("--http2", "-o", "/dev/null", "-w", "%{http_version}",
                    "https://localhost:" + portA + "/"), portA);
            String version = curl.stdout().trim();
            assertTrue(version.equals("2"), "curl --http2 got HTTP version " + version + "\n"
                    + curl.output());

            pair.assertBothStop();
            assertTrue(pair.a.output().contains("tlsresume node " + pair.nodeId(0) + " stopped"),
                    pair.a.output());
        }
    }
}
