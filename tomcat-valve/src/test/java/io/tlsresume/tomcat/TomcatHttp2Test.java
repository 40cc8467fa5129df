package io.tlsresume.tomcat;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.tlsresume.testkit.Curl;
import io.tlsresume.testkit.OpenSslClient;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** HTTP/2 negotiated by ALPN on Netty's engine, with sessions resuming across nodes. */
class TomcatHttp2Test {
    private static TomcatPair pair;

    @BeforeAll
    static void start() {
        pair = new TomcatPair();
    }

    @AfterAll
    static void stop() {
        pair.close();
    }

    @Test
    void curlGetsHttp2OverAlpn() throws Exception {
        String out = curl(pair.a.port(), "--http2");
        assertTrue(out.startsWith("HTTP/2 200"), out);
        assertTrue(out.contains("x-tls-node: " + pair.nodeId(0)), out);
        assertTrue(out.contains("http=HTTP/2.0"), out);
    }

    @Test
    void curlStillGetsHttp11WhenItAsksForIt() throws Exception {
        String out = curl(pair.a.port(), "--http1.1");
        assertTrue(out.startsWith("HTTP/1.1 200"), out);
        assertTrue(out.contains("http=HTTP/1.1"), out);
    }

    @Test
    void sessionNegotiatedForH2ResumesOnOtherNode() {
        Path session = OpenSslClient.sessionFile();
        OpenSslClient.Result first = OpenSslClient.connect(pair.a.port(), "tls1_2", null, session,
                "-alpn", "h2");
        assertTrue(first.output().contains("ALPN protocol: h2"), first.output());
        OpenSslClient.Result second = OpenSslClient.connect(pair.b.port(), "tls1_2", session, null,
                "-alpn", "h2");
        assertTrue(second.reused(), second.output());
        assertTrue(second.output().contains("ALPN protocol: h2"), second.output());
    }

    @Test
    void manyParallelHttp2RequestsAllSucceed() throws Exception {
        // One curl, 200 requests over up to 20 parallel HTTP/2 connections.
        int port = pair.a.port();
        List<String> args = new ArrayList<>(List.of("--http2", "--parallel", "--parallel-max",
                "20", "--no-progress-meter", "-w", "%{http_version} %{http_code}\\n", "-o",
                "/dev/null", "https://localhost:" + port + "/"));
        for (int i = 1; i < 200; i++) {
            args.addAll(List.of("-o", "/dev/null", "https://localhost:" + port + "/" + i));
        }
        String out = run(args, port);
        long ok = out.lines().filter("2 200"::equals).count();
        assertEquals(200, ok, out);
    }

    /** One curl request for {@code /} with the HTTP {@code version} option, headers included. */
    private static String curl(int port, String version) throws Exception {
        return run(List.of(version, "-i", "https://localhost:" + port + "/"), port);
    }

    private static String run(List<String> args, int port) throws Exception {
        Curl curl = Curl.run(args, port);
        assertEquals(0, curl.exitCode(), curl.output());
        return curl.stdout();
    }
}
