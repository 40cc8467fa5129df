package io.tlsresume.spring;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.tlsresume.testkit.OpenSslClient;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.condition.EnabledForJreRange;
import org.junit.jupiter.api.condition.JRE;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import org.springframework.context.ConfigurableApplicationContext;

/**
 * With {@code spring.threads.virtual.enabled=true} (Java 21+) the connector serves its requests
 * on virtual threads and sessions still resume.
 */
@EnabledForJreRange(min = JRE.JAVA_21)
class VirtualThreadsTest {

    @ParameterizedTest
    @EnumSource(Apps.Server.class)
    void resumesWithVirtualThreads(Apps.Server server) {
        Map<String, Object> properties = Apps.https(server);
        properties.put("spring.threads.virtual.enabled", "true");
        Apps.alone(properties, "v");
        try (ConfigurableApplicationContext app = Apps.start(properties)) {
            Path session = OpenSslClient.sessionFile();
            OpenSslClient.Result first = OpenSslClient.connect(Apps.port(app), "tls1_3", null,
                    session);
            assertFalse(first.reused(), first.output());
            assertTrue(first.output().contains("virtual=true"), first.output());
            OpenSslClient.Result again = OpenSslClient.connect(Apps.port(app), "tls1_3", session,
                    null);
            assertTrue(again.reused(), again.output());
            assertTrue(again.output().contains("node=v resumed=true"), again.output());
        }
    }
}
