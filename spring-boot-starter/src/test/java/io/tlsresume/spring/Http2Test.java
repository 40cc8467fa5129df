package io.tlsresume.spring;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.tlsresume.testkit.Curl;
import io.tlsresume.testkit.OpenSslClient;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import org.springframework.context.ConfigurableApplicationContext;

/**
 * With {@code server.http2.enabled=true} the connector negotiates h2 by ALPN on tlsresume's
 * engine, and a session negotiated with h2 resumes.
 */
class Http2Test {

    @ParameterizedTest
    @EnumSource(Apps.Server.class)
    void servesHttp2AndResumes(Apps.Server server) throws Exception {
        Map<String, Object> properties = Apps.https(server);
        properties.put("server.http2.enabled", "true");
        Apps.alone(properties, "h2");
        try (ConfigurableApplicationContext app = Apps.start(properties)) {
            int port = Apps.port(app);
            Curl curl = Curl.run(List.of("--http2", "https://localhost:" + port + "/"), port);
            assertEquals(0, curl.exitCode(), curl.output());
            assertTrue(curl.stderr().contains("< HTTP/2 200"), curl.output());
            assertTrue(curl.stdout().contains("node=h2 resumed=false"), curl.output());

            Path session = OpenSslClient.sessionFile();
            OpenSslClient.Result first = OpenSslClient.connect(port, "tls1_2", null, session,
                    "-alpn", "h2");
            assertFalse(first.reused(), first.output());
            assertTrue(first.output().contains("ALPN protocol: h2"), first.output());
            OpenSslClient.Result again = OpenSslClient.connect(port, "tls1_2", session, null,
                    "-alpn", "h2");
            assertTrue(again.reused(), again.output());
            assertTrue(again.output().contains("ALPN protocol: h2"), again.output());
        }
    }
}
