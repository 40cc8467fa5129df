package io.tlsresume.tomcat;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.tlsresume.testkit.OpenSslClient;
import io.tlsresume.testkit.TestNodes;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/**
 * {@code honorCipherOrder} keeps its meaning on tlsresume's engine: with it the order of
 * {@code ciphers} wins over the client's, without it the client's order wins (seen by
 * {@code openssl s_client}; the test key is EC, so the suites are ECDHE-ECDSA).
 */
class TomcatCipherOrderTest {
    private static final String AES128 = "ECDHE-ECDSA-AES128-GCM-SHA256";
    private static final String CHACHA = "ECDHE-ECDSA-CHACHA20-POLY1305";

    @Test
    void honorCipherOrderMakesTheServersOrderWin() {
        assertEquals(CHACHA, negotiated(true));
    }

    @Test
    void withoutHonorCipherOrderTheClientsOrderWins() {
        assertEquals(AES128, negotiated(false));
    }

    private static String negotiated(boolean honorCipherOrder) {
        try (EmbeddedTomcat tomcat = new EmbeddedTomcat(new TestNodes(1).properties(0))) {
            tomcat.hostConfig.setCiphers(CHACHA + ":" + AES128);
            tomcat.hostConfig.setHonorCipherOrder(honorCipherOrder);
            tomcat.start();
            OpenSslClient.Result r = OpenSslClient.connect(tomcat.port(), "tls1_2", null, null,
                    "-cipher", AES128 + ":" + CHACHA);
            Matcher m = Pattern.compile("Cipher is (\\S+)").matcher(r.output());
            assertTrue(m.find(), r.output());
            return m.group(1);
        }
    }
}
