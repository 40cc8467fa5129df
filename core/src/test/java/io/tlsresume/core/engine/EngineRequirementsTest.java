package io.tlsresume.core.engine;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.tlsresume.core.ResumptionNode;
import io.tlsresume.core.Settings;
import io.tlsresume.core.spi.TlsEngineProvider;
import java.net.URL;
import java.net.URLClassLoader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** engine=openssl is accepted as a setting but refuses to start where it cannot run. */
class EngineRequirementsTest {

    @Test
    void opensslIsASelectableEngine() {
        assertEquals(EngineKind.OPENSSL, Settings.builder().set("engine", "openssl").build()
                .engine());
    }

    @Test
    void opensslNodeFailsAtStartSayingWhatIsMissing() {
        Settings settings = Settings.builder().set("engine", "openssl")
                .set("cluster.mode", "none").build();
        IllegalStateException e = assertThrows(IllegalStateException.class,
                () -> ResumptionNode.start(settings).close());
        int java = Runtime.version().feature();
        if (java < 22) {
            // The JDK 17 build: the message names the Java version needed and the one running.
            assertTrue(e.getMessage().contains("engine=openssl needs Java 22 or newer"),
                    e.getMessage());
            assertTrue(e.getMessage().contains("this JVM is Java " + java), e.getMessage());
        } else {
            // Core alone on a newer JDK: the OpenSSL module is not on this class path.
            assertTrue(e.getMessage().contains("tlsresume-openssl jar"), e.getMessage());
        }
    }

    @Test
    void anEngineThatCannotLoadHereLeavesTheOthers(@TempDir Path dir) throws Exception {
        // As tlsresume-openssl's jar (Java 22 class files) on Java 17: listed, cannot load.
        Path services = dir.resolve("META-INF/services");
        Files.createDirectories(services);
        Files.writeString(services.resolve(TlsEngineProvider.class.getName()),
                "io.tlsresume.engine.NotOnThisJvm\n");
        try (URLClassLoader loader = new URLClassLoader(new URL[] {dir.toUri().toURL()},
                EngineRequirements.class.getClassLoader())) {
            List<TlsEngineProvider> providers = EngineRequirements.load(loader);
            assertEquals(List.of(EngineKind.BORINGSSL), providers.stream()
                    .map(TlsEngineProvider::kind).toList());
        }
    }

    @Test
    void oldJavaIsRefusedWhateverTheClassPath() {
        IllegalStateException e = assertThrows(IllegalStateException.class,
                () -> EngineRequirements.requireOpenSsl(21));
        assertTrue(e.getMessage().contains("this JVM is Java 21"), e.getMessage());
        assertTrue(e.getMessage().contains("FFM API"), e.getMessage());
    }
}
