package io.tlsresume.openssl;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.tlsresume.tomcat.CatalinaPair;
import org.junit.jupiter.api.Test;

/**
 * The real Tomcat 11.0.25 distribution, two nodes in separate JVMs started by its own
 * {@code catalina.sh}, configured only with the server.xml of docs/tomcat.md (with the Connector of
 * docs/openssl-engine.md) and jars: Tomcat's
 * FFM OpenSSL engine resumes TLS 1.2 session ids and stateful TLS 1.3 tickets across nodes.
 */
class OpenSslCatalinaDistributionIT {

    @Test
    void stockTomcatNodesOnOpenSslResumeEachOthersSessions() throws Exception {
        try (CatalinaPair pair = new CatalinaPair("openssl-engine.md",
                "## server.xml for the OpenSSL engine")) {
            String[][] cases = {{"tls1_2", "-no_ticket"}, {"tls1_3"}};
            for (String[] c : cases) {
                String protocol = c[0];
                String[] extra = java.util.Arrays.copyOfRange(c, 1, c.length);
                CatalinaPair.Handshakes handshakes =
                        pair.assertSessionFromAResumesOnB(protocol, extra);
                if (protocol.equals("tls1_2")) {
                    assertEquals(handshakes.onA().sessionId(), handshakes.onB().sessionId());
                }
            }
            assertTrue(pair.a.output().contains("engine=OPENSSL"), pair.a.output());
            pair.assertBothStop();
        }
    }
}
