package io.tlsresume.jetty;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.tlsresume.testkit.OpenSslClient;
import io.tlsresume.testkit.TestNodes;
import java.util.Comparator;
import java.util.function.Consumer;
import java.util.function.IntConsumer;
import org.junit.jupiter.api.Test;

/**
 * Jetty's protocol and cipher-suite attributes keep their meaning on tlsresume's engine, seen by
 * {@code openssl s_client} (the test key is EC, so TLS 1.2 suites are ECDHE-ECDSA).
 */
class JettyProtocolsAndCiphersTest {
    private static final String AES128 = "ECDHE-ECDSA-AES128-GCM-SHA256";
    private static final String AES256 = "ECDHE-ECDSA-AES256-GCM-SHA384";
    private static final String CHACHA = "ECDHE-ECDSA-CHACHA20-POLY1305";

    @Test
    void includeProtocolsLimitsVersions() {
        withJetty(f -> f.setIncludeProtocols("TLSv1.2"), port -> onlyTls12(port));
    }

    @Test
    void excludeProtocolsLimitsVersions() {
        withJetty(f -> f.addExcludeProtocols("TLSv1.3"), port -> onlyTls12(port));
    }

    @Test
    void includeCipherSuitesLimitsTls12Suites() {
        withJetty(f -> f.setIncludeCipherSuites("TLS_ECDHE_ECDSA_WITH_AES_256_GCM_SHA384"),
                port -> assertEquals(AES256, tls12Cipher(port, AES128 + ":" + AES256)));
    }

    @Test
    void excludeCipherSuitesRemovesTls12Suites() {
        withJetty(f -> f.addExcludeCipherSuites(".*_AES_128_.*", ".*CHACHA20.*"),
                port -> assertEquals(AES256, tls12Cipher(port, AES128 + ":" + CHACHA + ":"
                        + AES256)));
    }

    @Test
    void tls13AlwaysOffersBoringSslsThreeSuites() {
        // As docs/parity.md says: BoringSSL has no switch for TLS 1.3 suites, so a selection
        // without TLS_AES_256_GCM_SHA384 still negotiates it with a client that only offers it.
        withJetty(f -> f.setIncludeCipherSuites("TLS_AES_128_GCM_SHA256",
                "TLS_ECDHE_ECDSA_WITH_AES_256_GCM_SHA384"), port -> {
                    OpenSslClient.Result r = OpenSslClient.connect(port, "tls1_3", null, null,
                            "-ciphersuites", "TLS_AES_256_GCM_SHA384");
                    assertEquals("TLSv1.3", r.protocol(), r.output());
                    assertTrue(r.output().contains("Cipher is TLS_AES_256_GCM_SHA384"),
                            r.output());
                });
    }

    @Test
    void cipherComparatorOrdersTheServersPreference() {
        // useCipherSuitesOrder is true by default: the server's (comparator's) order wins.
        withJetty(f -> f.setCipherComparator(chachaFirst()),
                port -> assertEquals(CHACHA, tls12Cipher(port, AES128 + ":" + CHACHA)));
    }

    @Test
    void useCipherSuitesOrderFalseLetsTheClientChoose() {
        withJetty(f -> {
            f.setCipherComparator(chachaFirst());
            f.setUseCipherSuitesOrder(false);
        }, port -> assertEquals(AES128, tls12Cipher(port, AES128 + ":" + CHACHA)));
    }

    private static Comparator<String> chachaFirst() {
        return Comparator.comparing(suite -> !suite.contains("CHACHA20"));
    }

    private static void onlyTls12(int port) {
        assertEquals("TLSv1.2", OpenSslClient.connect(port, "tls1_2", null, null).protocol());
        OpenSslClient.Result refused = OpenSslClient.connect(port, "tls1_3", null, null);
        assertNotEquals("TLSv1.3", refused.protocol(), refused.output());
        assertTrue(refused.output().contains("Cipher is (NONE)"), refused.output());
    }

    private static String tls12Cipher(int port, String clientCiphers) {
        OpenSslClient.Result r = OpenSslClient.connect(port, "tls1_2", null, null, "-cipher",
                clientCiphers);
        assertEquals("TLSv1.2", r.protocol(), r.output());
        java.util.regex.Matcher m = java.util.regex.Pattern.compile("Cipher is (\\S+)")
                .matcher(r.output());
        assertTrue(m.find(), r.output());
        return m.group(1);
    }

    private static void withJetty(Consumer<ResumingSslContextFactory> configure,
            IntConsumer check) {
        try (JettyNode node = JettyNode.start(new TestNodes(1), 0, configure)) {
            check.accept(node.port());
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }
}
