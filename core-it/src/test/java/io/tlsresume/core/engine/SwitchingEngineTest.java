package io.tlsresume.core.engine;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotSame;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.netty.handler.ssl.ReferenceCountedOpenSslEngine;
import io.tlsresume.core.KeySource;
import io.tlsresume.core.metrics.HandshakeObserver;
import io.tlsresume.testkit.TestPki;
import io.tlsresume.testkit.TestPki.Issued;
import io.tlsresume.testkit.TestPki.KeyAlg;
import io.tlsresume.testkit.TestPki.KeyForm;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.security.cert.X509Certificate;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import javax.net.ssl.SNIHostName;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLEngine;
import javax.net.ssl.SSLEngineResult;
import javax.net.ssl.SSLEngineResult.HandshakeStatus;
import javax.net.ssl.SSLEngineResult.Status;
import javax.net.ssl.SSLException;
import javax.net.ssl.SSLHandshakeException;
import javax.net.ssl.SSLParameters;
import javax.net.ssl.TrustManagerFactory;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The engine that chooses its context from the ClientHello, driven by the JDK's TLS client
 * through memory: what it hands BoringSSL, when, and what it frees.
 */
class SwitchingEngineTest {
    private static TestPki pki;
    private static ServerTlsContext contextA;
    private static ServerTlsContext contextB;
    private static final Counting OBSERVER = new Counting();

    private final AtomicInteger selections = new AtomicInteger();
    private final ContextSelector bySni = hello -> {
        selections.incrementAndGet();
        if ("a.test".equals(hello.serverName())) {
            return contextA;
        }
        if ("b.test".equals(hello.serverName())) {
            return contextB;
        }
        throw new SSLHandshakeException("no host " + hello.serverName());
    };

    @BeforeAll
    static void contexts() {
        pki = TestPki.create("switching");
        contextA = context(pki.server("a", KeyAlg.EC, "a.test"), "a.test");
        contextB = context(pki.server("b", KeyAlg.RSA, "b.test"), "b.test");
    }

    private static ServerTlsContext context(Issued issued, String host) {
        return ServerTlsContext.create(KeySource.pem(issued.chainPem(),
                issued.keyPem(KeyForm.PKCS8), null), Duration.ofHours(1),
                TlsContextOptions.defaults().withScope(SessionScope.of(host, ClientAuth.none(),
                        List.of())), OBSERVER);
    }

    @BeforeEach
    void resetCounts() {
        OBSERVER.completed.set(0);
        OBSERVER.failed.set(0);
    }

    @Test
    void servesTheChosenContextAndFreesTheEngineItReplaced() throws Exception {
        ObservedSslEngine server = contextA.newEngine("client", 1, bySni);
        ReferenceCountedOpenSslEngine initial = server.delegate();
        EnginePump pump = new EnginePump(client("b.test", "TLSv1.3"), server);
        pump.run();
        assertEquals("CN=b.test", subject(pump.client));
        assertEquals(Boolean.FALSE, server.resumed());
        assertEquals(1, OBSERVER.completed.get());
        assertEquals(1, selections.get());
        assertNotSame(initial, server.delegate());
        assertEquals(0, initial.sslPointer(), "the replaced native engine is freed");
    }

    @Test
    void keepsTheEngineWhenTheSelectorChoosesTheStartingContext() throws Exception {
        ObservedSslEngine server = contextA.newEngine("client", 1, bySni);
        ReferenceCountedOpenSslEngine initial = server.delegate();
        EnginePump pump = new EnginePump(client("a.test", "TLSv1.2"), server);
        pump.run();
        assertEquals("CN=a.test", subject(pump.client));
        assertSame(initial, server.delegate());
        assertTrue(initial.sslPointer() != 0);
    }

    @Test
    void replaysEverySettingMadeBeforeTheClientHello() throws Exception {
        ObservedSslEngine server = contextA.newEngine("client", 1, bySni);
        server.setUseClientMode(false); // Netty's engines refuse any change of mode
        server.setEnabledProtocols(new String[] {"TLSv1.2"});
        SSLParameters params = server.getSSLParameters();
        params.setCipherSuites(new String[] {"TLS_ECDHE_RSA_WITH_AES_256_GCM_SHA384"});
        params.setWantClientAuth(true);
        // What Tomcat does on JDK 20+; BoringSSL knows no ffdhe2048 (a no-op on JDK 17).
        NamedGroups.set(params, new String[] {"ffdhe2048", "x25519"});
        server.setSSLParameters(params);
        // Changing the caller's object afterwards changes nothing.
        params.setCipherSuites(new String[] {"TLS_ECDHE_RSA_WITH_AES_128_GCM_SHA256"});
        server.setEnableSessionCreation(false); // Netty refuses true; false is replayed
        EnginePump pump = new EnginePump(client("b.test", "TLSv1.3", "TLSv1.2"), server);
        pump.run();
        assertEquals("CN=b.test", subject(pump.client));
        assertEquals("TLSv1.2", pump.client.getSession().getProtocol());
        assertEquals("TLS_ECDHE_RSA_WITH_AES_256_GCM_SHA384",
                pump.client.getSession().getCipherSuite());
        assertTrue(server.delegate().getWantClientAuth());
    }

    @Test
    void replaysNeedClientAuthSoAClientWithoutCertificateFails() throws Exception {
        ObservedSslEngine server = contextA.newEngine("client", 1, bySni);
        server.setNeedClientAuth(true);
        EnginePump pump = new EnginePump(client("b.test", "TLSv1.2"), server);
        assertThrows(SSLException.class, pump::run);
        assertTrue(server.delegate().getNeedClientAuth());
        assertEquals(0, OBSERVER.completed.get());
        assertEquals(1, OBSERVER.failed.get());
    }

    @Test
    void waitsForTheWholeClientHelloConsumingNothing() throws Exception {
        ObservedSslEngine server = contextA.newEngine("client", 1, bySni);
        ReferenceCountedOpenSslEngine initial = server.delegate();
        EnginePump pump = new EnginePump(client("b.test", "TLSv1.3"), server);
        byte[] hello = pump.clientHello();
        for (int cut = 0; cut < hello.length; cut++) {
            ByteBuffer part = ByteBuffer.wrap(hello, 0, cut);
            SSLEngineResult r = server.unwrap(part, ByteBuffer.allocate(1 << 16));
            assertEquals(Status.BUFFER_UNDERFLOW, r.getStatus(), "cut at " + cut);
            assertEquals(0, r.bytesConsumed());
            assertEquals(0, part.position());
        }
        assertEquals(0, selections.get());
        assertSame(initial, server.delegate());
        pump.toServer = ByteBuffer.wrap(hello);
        pump.run();
        assertEquals("CN=b.test", subject(pump.client));
        assertEquals(1, selections.get());
    }

    @Test
    void takesAClientHelloSpreadOverRecordsOneRecordAtATime() throws Exception {
        ObservedSslEngine server = contextA.newEngine("client", 1, bySni);
        EnginePump pump = new EnginePump(client("b.test", "TLSv1.3"), server);
        byte[] records = recut(pump.clientHello(), 100);
        int at = 0;
        while (true) {
            int length = 5 + (((records[at + 3] & 0xff) << 8) | (records[at + 4] & 0xff));
            if (at + length == records.length) {
                break;
            }
            // What Netty's SslHandler does: one whole record per unwrap.
            ByteBuffer record = ByteBuffer.wrap(records, at, length);
            SSLEngineResult r = server.unwrap(record, ByteBuffer.allocate(1 << 16));
            assertEquals(Status.OK, r.getStatus());
            assertEquals(HandshakeStatus.NEED_UNWRAP, r.getHandshakeStatus());
            assertEquals(length, r.bytesConsumed());
            at += length;
        }
        assertEquals(0, selections.get());
        pump.toServer = ByteBuffer.wrap(records, at, records.length - at);
        pump.run();
        assertEquals("CN=b.test", subject(pump.client));
        assertEquals(1, selections.get());
        assertEquals(1, OBSERVER.completed.get());
    }

    @Test
    void aRefusalSendsUnrecognizedNameAndFreesTheEngine() throws Exception {
        ObservedSslEngine server = contextA.newEngine("client", 1, bySni);
        ReferenceCountedOpenSslEngine initial = server.delegate();
        EnginePump pump = new EnginePump(client("c.test", "TLSv1.3"), server);
        byte[] hello = pump.clientHello();
        ByteBuffer src = ByteBuffer.wrap(hello);
        // As the JDK's engine does: unwrap fails, the next wrap gives the alert.
        SSLHandshakeException refused = assertThrows(SSLHandshakeException.class,
                () -> server.unwrap(src, ByteBuffer.allocate(1 << 16)));
        assertTrue(refused.getMessage().contains("no host c.test"), refused.getMessage());
        assertEquals(0, initial.sslPointer(), "the refused connection's engine is freed");
        assertEquals(1, OBSERVER.failed.get());
        assertEquals(HandshakeStatus.NEED_WRAP, server.getHandshakeStatus());
        assertFalse(server.isOutboundDone());

        ByteBuffer alert = ByteBuffer.allocate(1 << 16);
        SSLEngineResult r = server.wrap(ByteBuffer.allocate(0), alert);
        assertEquals(Status.CLOSED, r.getStatus());
        alert.flip();
        byte[] sent = new byte[alert.remaining()];
        alert.duplicate().get(sent);
        assertArrayEquals(new byte[] {21, 3, 3, 0, 2, 2, 112}, sent);
        assertTrue(server.isOutboundDone());
        assertTrue(server.isInboundDone());
        assertEquals(0, server.wrap(ByteBuffer.allocate(0), ByteBuffer.allocate(64))
                .bytesProduced());
        SSLHandshakeException again = assertThrows(SSLHandshakeException.class,
                () -> server.unwrap(ByteBuffer.wrap(hello), ByteBuffer.allocate(1 << 16)));
        assertTrue(again.getMessage().contains("no host c.test"), again.getMessage());

        SSLException seen = assertThrows(SSLException.class,
                () -> pump.client.unwrap(alert, ByteBuffer.allocate(1 << 16)));
        assertTrue(seen.getMessage().contains("unrecognized_name"), seen.getMessage());
        assertEquals(1, OBSERVER.failed.get());
    }

    @Test
    void inputThatIsNotTlsStaysWithTheStartingContext() {
        ObservedSslEngine server = contextA.newEngine("client", 1, bySni);
        ReferenceCountedOpenSslEngine initial = server.delegate();
        ByteBuffer http = ByteBuffer.wrap("GET / HTTP/1.1\r\nHost: b.test\r\n\r\n"
                .getBytes(StandardCharsets.US_ASCII));
        assertThrows(SSLException.class, () -> server.unwrap(http, ByteBuffer.allocate(1 << 16)));
        assertEquals(0, selections.get());
        assertSame(initial, server.delegate());
        assertEquals(1, OBSERVER.failed.get());
    }

    @Test
    void aSelectorThatThrowsFailsTheHandshakeWithAnAlert() throws Exception {
        ContextSelector broken = hello -> {
            throw new IllegalStateException("selector bug");
        };
        ObservedSslEngine server = contextA.newEngine("client", 1, broken);
        EnginePump pump = new EnginePump(client("b.test", "TLSv1.3"), server);
        SSLHandshakeException failed = assertThrows(SSLHandshakeException.class,
                () -> server.unwrap(ByteBuffer.wrap(pump.clientHello()),
                        ByteBuffer.allocate(1 << 16)));
        assertTrue(failed.getMessage().contains("selector bug"), failed.getMessage());
        ByteBuffer alert = ByteBuffer.allocate(1 << 16);
        server.wrap(ByteBuffer.allocate(0), alert);
        SSLException seen = assertThrows(SSLException.class,
                () -> pump.client.unwrap(alert.flip(), ByteBuffer.allocate(1 << 16)));
        assertTrue(seen.getMessage().contains("internal_error"), seen.getMessage());
        assertEquals(1, OBSERVER.failed.get());
        assertTrue(server.isOutboundDone());
    }

    private static String subject(SSLEngine client) throws Exception {
        return ((X509Certificate) client.getSession().getPeerCertificates()[0])
                .getSubjectX500Principal().getName();
    }

    private static SSLEngine client(String serverName, String... protocols) throws Exception {
        TrustManagerFactory tmf = TrustManagerFactory.getInstance(
                TrustManagerFactory.getDefaultAlgorithm());
        tmf.init(pki.trustStore());
        SSLContext context = SSLContext.getInstance("TLS");
        context.init(null, tmf.getTrustManagers(), null);
        SSLEngine engine = context.createSSLEngine(serverName, 443);
        engine.setUseClientMode(true);
        SSLParameters params = engine.getSSLParameters();
        params.setServerNames(List.of(new SNIHostName(serverName)));
        params.setProtocols(protocols);
        engine.setSSLParameters(params);
        return engine;
    }

    /** The handshake messages of {@code records} in records of at most {@code size} bytes. */
    private static byte[] recut(byte[] records, int size) {
        ByteBuffer message = ByteBuffer.allocate(records.length);
        for (int at = 0; at < records.length; ) {
            int length = ((records[at + 3] & 0xff) << 8) | (records[at + 4] & 0xff);
            message.put(records, at + 5, length);
            at += 5 + length;
        }
        message.flip();
        ByteBuffer out = ByteBuffer.allocate(records.length * 2);
        while (message.hasRemaining()) {
            int n = Math.min(size, message.remaining());
            out.put(new byte[] {22, 3, 1, (byte) (n >> 8), (byte) n});
            byte[] chunk = new byte[n];
            message.get(chunk);
            out.put(chunk);
        }
        byte[] recut = new byte[out.flip().remaining()];
        out.get(recut);
        return recut;
    }

    private static final class Counting implements HandshakeObserver {
        final AtomicInteger completed = new AtomicInteger();
        final AtomicInteger failed = new AtomicInteger();

        @Override
        public void handshakeCompleted(boolean resumed, String protocol) {
            completed.incrementAndGet();
        }

        @Override
        public void handshakeFailed() {
            failed.incrementAndGet();
        }
    }
}
