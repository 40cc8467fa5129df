package io.tlsresume.core.engine;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.tlsresume.core.engine.ClientHello.Complete;
import io.tlsresume.core.engine.ClientHello.NeedMore;
import io.tlsresume.core.engine.ClientHello.NotAClientHello;
import io.tlsresume.core.engine.ClientHello.Peek;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** Reading ClientHellos that real clients sent, whole, in pieces, and broken. */
class ClientHelloTest {
    private static final int TLS_AES_128_GCM_SHA256 = 0x1301;
    private static final int ECDHE_RSA_AES128_GCM = 0xC02F;
    private static final int ECDSA_SECP256R1_SHA256 = 0x0403;
    private static final int RSA_PSS_RSAE_SHA256 = 0x0804;

    /** name -> the records one real client sent. */
    private static final Map<String, byte[]> CAPTURED = new LinkedHashMap<>();

    @BeforeAll
    static void capture() {
        CAPTURED.put("openssl TLS 1.3 SNI", CapturedHellos.openssl("-tls1_3", "-servername",
                "a.test"));
        CAPTURED.put("openssl TLS 1.2 no SNI", CapturedHellos.openssl("-tls1_2",
                "-noservername"));
        CAPTURED.put("openssl TLS 1.3 ECDSA only", CapturedHellos.openssl("-tls1_3",
                "-servername", "b.test", "-sigalgs", "ECDSA+SHA256"));
        CAPTURED.put("openssl TLS 1.3 RSA-PSS only", CapturedHellos.openssl("-tls1_3",
                "-servername", "b.test", "-sigalgs", "RSA-PSS+SHA256"));
        CAPTURED.put("openssl TLS 1.2 ECDHE-RSA", CapturedHellos.openssl("-tls1_2",
                "-servername", "b.test", "-cipher", "ECDHE-RSA-AES128-GCM-SHA256"));
        CAPTURED.put("openssl any version", CapturedHellos.openssl("-servername", "a.test"));
        CAPTURED.put("JDK TLS 1.3 SNI", CapturedHellos.jdk("a.test", "TLSv1.3"));
        CAPTURED.put("JDK TLS 1.2 SNI", CapturedHellos.jdk("b.test", "TLSv1.2"));
        CAPTURED.put("JDK TLS 1.3+1.2 no SNI", CapturedHellos.jdk(null, "TLSv1.3", "TLSv1.2"));
    }

    private static ClientHello hello(String name) {
        return complete(CAPTURED.get(name)).hello();
    }

    private static Complete complete(byte[] records) {
        Peek peek = ClientHello.peek(ByteBuffer.wrap(records));
        return assertInstanceOf(Complete.class, peek, () -> peek.toString());
    }

    @Test
    void readsOpenSslTls13WithServerName() {
        ClientHello hello = hello("openssl TLS 1.3 SNI");
        assertEquals("a.test", hello.serverName());
        assertTrue(hello.supportedVersions().contains(ClientHello.TLS13), hello.toString());
        assertTrue(hello.cipherSuites().contains(TLS_AES_128_GCM_SHA256), hello.toString());
        assertTrue(hello.signatureSchemes().contains(ECDSA_SECP256R1_SHA256), hello.toString());
        assertTrue(hello.signatureSchemes().contains(RSA_PSS_RSAE_SHA256), hello.toString());
        assertTrue(hello.accepts(KeyType.EC));
        assertTrue(hello.accepts(KeyType.RSA));
    }

    @Test
    void readsOpenSslTls12WithoutServerName() {
        ClientHello hello = hello("openssl TLS 1.2 no SNI");
        assertNull(hello.serverName());
        assertFalse(hello.supportedVersions().contains(ClientHello.TLS13), hello.toString());
        assertTrue(hello.supportedVersions().contains(ClientHello.TLS12), hello.toString());
        assertFalse(hello.cipherSuites().contains(TLS_AES_128_GCM_SHA256), hello.toString());
        assertTrue(hello.cipherSuites().contains(ECDHE_RSA_AES128_GCM), hello.toString());
    }

    @Test
    void readsJdkClientHellos() {
        ClientHello tls13 = hello("JDK TLS 1.3 SNI");
        assertEquals("a.test", tls13.serverName());
        assertEquals(List.of(ClientHello.TLS13), tls13.supportedVersions());
        ClientHello tls12 = hello("JDK TLS 1.2 SNI");
        assertEquals("b.test", tls12.serverName());
        assertFalse(tls12.supportedVersions().contains(ClientHello.TLS13), tls12.toString());
        ClientHello both = hello("JDK TLS 1.3+1.2 no SNI");
        assertNull(both.serverName());
        assertTrue(both.supportedVersions().containsAll(List.of(ClientHello.TLS13,
                ClientHello.TLS12)), both.toString());
        assertTrue(both.accepts(KeyType.EC) && both.accepts(KeyType.RSA));
    }

    @Test
    void signatureAlgorithmsDecideTheKeyTypeUnderTls13() {
        ClientHello ecdsa = hello("openssl TLS 1.3 ECDSA only");
        assertEquals(List.of(ECDSA_SECP256R1_SHA256), ecdsa.signatureSchemes());
        assertTrue(ecdsa.accepts(KeyType.EC));
        assertFalse(ecdsa.accepts(KeyType.RSA));
        ClientHello pss = hello("openssl TLS 1.3 RSA-PSS only");
        assertEquals(List.of(RSA_PSS_RSAE_SHA256), pss.signatureSchemes());
        assertTrue(pss.accepts(KeyType.RSA));
        assertFalse(pss.accepts(KeyType.EC));
    }

    @Test
    void cipherSuitesDecideTheKeyTypeUnderTls12() {
        ClientHello rsaOnly = hello("openssl TLS 1.2 ECDHE-RSA");
        assertTrue(rsaOnly.signatureSchemes().contains(ECDSA_SECP256R1_SHA256));
        assertTrue(rsaOnly.accepts(KeyType.RSA));
        assertFalse(rsaOnly.accepts(KeyType.EC));
    }

    @Test
    void acceptsFollowsTheRulesOfEachVersion() {
        List<Integer> ecdheBoth = List.of(0xC02B, ECDHE_RSA_AES128_GCM);
        // TLS 1.3 signs with an RSA key by PSS only, never PKCS#1.
        ClientHello pkcs1 = new ClientHello(null, List.of(0x0401), List.of(0x1301, 0xC02F),
                List.of(ClientHello.TLS13, ClientHello.TLS12));
        assertFalse(pkcs1.accepts(KeyType.RSA));
        // TLS 1.2 takes PKCS#1, and without the extension assumes SHA-1 of the suite's type.
        assertTrue(new ClientHello(null, List.of(0x0401), ecdheBoth, List.of(0x0303))
                .accepts(KeyType.RSA));
        assertTrue(new ClientHello(null, List.of(), ecdheBoth, List.of(0x0303))
                .accepts(KeyType.EC));
        // Older versions are never served.
        assertFalse(new ClientHello(null, List.of(), ecdheBoth, List.of(0x0302))
                .accepts(KeyType.RSA));
        // TLS 1.3 without signature_algorithms cannot authenticate a server.
        assertFalse(new ClientHello(null, List.of(), List.of(0x1301), List.of(0x0304))
                .accepts(KeyType.EC));
    }

    @Test
    void needsMoreAtEveryByteBoundaryThenCompletes() {
        CAPTURED.forEach((name, records) -> {
            for (int cut = 0; cut < records.length; cut++) {
                Peek peek = ClientHello.peek(ByteBuffer.wrap(records, 0, cut));
                assertInstanceOf(NeedMore.class, peek, name + " cut at " + cut + ": " + peek);
            }
            assertEquals(records.length, complete(records).length(), name);
        });
    }

    @Test
    void readsAClientHelloSpreadOverManySmallRecords() {
        CAPTURED.forEach((name, records) -> {
            byte[] message = CapturedHellos.message(records);
            ClientHello whole = complete(records).hello();
            for (int size : new int[] {1, 2, 3, 4, 5, 31, 100, 512}) {
                byte[] split = CapturedHellos.records(message, size);
                Complete c = complete(split);
                assertEquals(whole, c.hello(), name + " in records of " + size);
                assertEquals(split.length, c.length());
            }
            byte[] split = CapturedHellos.records(message, 7);
            for (int cut = 0; cut < split.length; cut++) {
                assertInstanceOf(NeedMore.class,
                        ClientHello.peek(ByteBuffer.wrap(split, 0, cut)), name + " at " + cut);
            }
        });
    }

    @Test
    void leavesTheBufferAsItWas() {
        byte[] records = CAPTURED.get("openssl TLS 1.3 SNI");
        ByteBuffer heap = ByteBuffer.allocate(records.length + 20);
        heap.position(7).put(records).put(new byte[] {23, 3, 3, 0, 1, 9});
        heap.flip().position(7);
        ByteBuffer direct = ByteBuffer.allocateDirect(heap.capacity());
        direct.put(heap.duplicate().position(0)).flip().position(7);
        for (ByteBuffer src : List.of(heap, direct, heap.asReadOnlyBuffer().position(7))) {
            ByteBuffer before = src.duplicate();
            Complete c = assertInstanceOf(Complete.class, ClientHello.peek(src));
            assertEquals("a.test", c.hello().serverName());
            // What follows the ClientHello is not part of it.
            assertEquals(records.length, c.length());
            assertEquals(before.position(), src.position());
            assertEquals(before.limit(), src.limit());
            assertEquals(before, src);
        }
    }

    @Test
    void lowerCasesTheServerName() {
        byte[] records = CAPTURED.get("openssl TLS 1.3 SNI").clone();
        byte[] name = "a.test".getBytes(StandardCharsets.US_ASCII);
        int at = indexOf(records, name);
        System.arraycopy("A.TeST".getBytes(StandardCharsets.US_ASCII), 0, records, at,
                name.length);
        assertEquals("a.test", complete(records).hello().serverName());
    }

    @Test
    void otherRecordsAndProtocolsAreNotClientHellos() {
        List<byte[]> inputs = List.of(
                "GET / HTTP/1.1\r\nHost: a.test\r\n\r\n".getBytes(StandardCharsets.US_ASCII),
                new byte[] {23, 3, 3, 0, 2, 1, 2}, // application data
                new byte[] {21, 3, 3, 0, 2, 2, 40}, // alert
                new byte[] {22, 3, 3, 0, 4, 2, 0, 0, 0}, // a ServerHello
                new byte[] {(byte) 0x80, 0x2e, 1, 3, 1}, // an SSLv2-framed hello
                new byte[] {22, 2, 0}, // SSL 2.0 record version
                new byte[] {22, 3, 3, 0, 0}); // empty handshake record
        for (byte[] input : inputs) {
            assertInstanceOf(NotAClientHello.class, ClientHello.peek(ByteBuffer.wrap(input)),
                    Arrays.toString(input));
        }
    }

    @Test
    void oversizedClientHellosAreRefusedEarly() {
        // A record longer than TLS allows (2^14).
        assertInstanceOf(NotAClientHello.class, ClientHello.peek(ByteBuffer.wrap(
                new byte[] {22, 3, 1, 0x40, 1})));
        // A ClientHello that announces 16 MB, after 9 bytes.
        assertInstanceOf(NotAClientHello.class, ClientHello.peek(ByteBuffer.wrap(
                new byte[] {22, 3, 1, 0x40, 0, 1, (byte) 0xff, (byte) 0xff, (byte) 0xff})));
        // Many records of a ClientHello bigger than one record could hold, without its end.
        byte[] message = new byte[20_000];
        message[0] = 1;
        message[1] = 0;
        message[2] = (byte) ((message.length - 4) >> 8);
        message[3] = (byte) (message.length - 4);
        byte[] split = CapturedHellos.records(message, 1000);
        assertInstanceOf(NotAClientHello.class, ClientHello.peek(ByteBuffer.wrap(split)));
        // The same limit on the wire: one-byte records of a 4 KB ClientHello take 24 KB.
        byte[] small = new byte[4096];
        small[0] = 1;
        small[2] = (byte) ((small.length - 4) >> 8);
        small[3] = (byte) (small.length - 4);
        assertInstanceOf(NotAClientHello.class, ClientHello.peek(ByteBuffer.wrap(
                CapturedHellos.records(small, 1))));
    }

    @Test
    void malformedInputNeverThrows() {
        Random random = new Random(13);
        int complete = 0;
        for (byte[] records : CAPTURED.values()) {
            // Every byte of a real ClientHello set to values that break lengths.
            for (int i = 0; i < records.length; i++) {
                for (int value : new int[] {0, 1, 0x7f, 0x80, 0xff, records[i] + 1}) {
                    byte[] broken = records.clone();
                    broken[i] = (byte) value;
                    Peek peek = ClientHello.peek(ByteBuffer.wrap(broken));
                    assertNotNull(peek);
                    assertFalse(peek instanceof NotAClientHello n
                            && n.reason().startsWith("unreadable"), "parser bug: " + peek);
                    complete += peek instanceof Complete ? 1 : 0;
                }
            }
        }
        for (int i = 0; i < 20_000; i++) {
            byte[] garbage = new byte[random.nextInt(300)];
            random.nextBytes(garbage);
            if (garbage.length > 0 && random.nextBoolean()) {
                garbage[0] = 22; // get past the first check more often
            }
            Peek peek = ClientHello.peek(ByteBuffer.wrap(garbage));
            assertFalse(peek instanceof NotAClientHello n && n.reason().startsWith("unreadable"),
                    "parser bug: " + peek);
        }
        assertTrue(complete > 0, "changing a random byte often still leaves a ClientHello");
    }

    @Test
    void aServerNameExtensionWithTwoHostNamesIsMalformed() {
        byte[] message = CapturedHellos.message(CAPTURED.get("openssl TLS 1.3 SNI"));
        assertInstanceOf(NotAClientHello.class,
                ClientHello.peek(ByteBuffer.wrap(withSecondName(message, 0))));
        // Control: the same surgery with a name of another type leaves a good ClientHello.
        assertEquals("a.test", complete(withSecondName(message, 1)).hello().serverName());
    }

    /** {@code message} with a second entry "b.test" of {@code nameType} in its server_name. */
    private static byte[] withSecondName(byte[] message, int nameType) {
        byte[] name = "b.test".getBytes(StandardCharsets.US_ASCII);
        // server_name: type (0), extension length, list length, name type, length, "a.test"
        int at = indexOf(message, "a.test".getBytes(StandardCharsets.US_ASCII)) - 9;
        assertEquals(0, message[at] | message[at + 1], "server_name extension type");
        int end = at + 4 + (((message[at + 2] & 0xff) << 8) | (message[at + 3] & 0xff));
        int grow = 3 + name.length;
        byte[] out = new byte[message.length + grow];
        System.arraycopy(message, 0, out, 0, end);
        out[end] = (byte) nameType;
        out[end + 2] = (byte) name.length;
        System.arraycopy(name, 0, out, end + 3, name.length);
        System.arraycopy(message, end, out, end + grow, message.length - end);
        addU16(out, at + 2, grow); // extension length
        addU16(out, at + 4, grow); // server name list length
        addU16(out, extensionsLengthAt(out), grow);
        int body = out.length - 4;
        out[1] = (byte) (body >> 16);
        out[2] = (byte) (body >> 8);
        out[3] = (byte) body;
        return CapturedHellos.records(out, 16384);
    }

    private static int extensionsLengthAt(byte[] message) {
        int at = 4 + 2 + 32;
        at += 1 + (message[at] & 0xff);
        at += 2 + (((message[at] & 0xff) << 8) | (message[at + 1] & 0xff));
        at += 1 + (message[at] & 0xff);
        return at;
    }

    private static void addU16(byte[] b, int at, int add) {
        int v = (((b[at] & 0xff) << 8) | (b[at + 1] & 0xff)) + add;
        b[at] = (byte) (v >> 8);
        b[at + 1] = (byte) v;
    }

    private static int indexOf(byte[] haystack, byte[] needle) {
        outer:
        for (int i = 0; i <= haystack.length - needle.length; i++) {
            for (int j = 0; j < needle.length; j++) {
                if (haystack[i + j] != needle[j]) {
                    continue outer;
                }
            }
            return i;
        }
        throw new AssertionError("not found");
    }
}
