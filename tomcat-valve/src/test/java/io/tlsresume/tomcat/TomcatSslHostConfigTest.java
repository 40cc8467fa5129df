package io.tlsresume.tomcat;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.tlsresume.testkit.OpenSslClient;
import io.tlsresume.testkit.TestNodes;
import java.util.function.Consumer;
import java.util.function.IntConsumer;
import org.junit.jupiter.api.Test;

/** The SSLHostConfig attributes a user already has keep their meaning on Netty's engine. */
class TomcatSslHostConfigTest {

    @Test
    void groupsAttributeLimitsKeyExchange() {
        withTomcat(t -> t.hostConfig.setGroups("secp384r1"), port -> {
            OpenSslClient.Result r = OpenSslClient.connect(port, "tls1_3", null, null,
                    "-groups", "X25519:P-256:P-384");
            assertTrue(r.output().contains("384"), r.output());
            assertFalse(r.output().contains("X25519"), r.output());
        });
    }

    @Test
    void protocolsAttributeLimitsVersions() {
        withTomcat(t -> t.hostConfig.setProtocols("TLSv1.2"), port -> {
            assertEquals("TLSv1.2", OpenSslClient.connect(port, "tls1_2", null, null)
                    .protocol());
            OpenSslClient.Result refused = OpenSslClient.connect(port, "tls1_3", null, null);
            assertFalse(refused.output().contains("TLSv1.3"), refused.output());
        });
    }

    @Test
    void ciphersAttributeLimitsTls12Suites() {
        withTomcat(t -> t.hostConfig.setCiphers("ECDHE-ECDSA-AES256-GCM-SHA384"), port -> {
            OpenSslClient.Result r = OpenSslClient.connect(port, "tls1_2", null, null);
            assertTrue(r.output().contains("ECDHE-ECDSA-AES256-GCM-SHA384"), r.output());
        });
    }

    private static void withTomcat(Consumer<EmbeddedTomcat> configure,
            IntConsumer check) {
        try (EmbeddedTomcat tomcat = new EmbeddedTomcat(new TestNodes(1).properties(0))) {
            configure.accept(tomcat);
            tomcat.start();
            check.accept(tomcat.port());
        }
    }
}
