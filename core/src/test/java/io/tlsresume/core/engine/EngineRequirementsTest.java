package io.tlsresume.core.engine;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.tlsresume.core.ResumptionNode;
import io.tlsresume.core.Settings;
import org.junit.jupiter.api.Test;

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
    void oldJavaIsRefusedWhateverTheClassPath() {
        IllegalStateException e = assertThrows(IllegalStateException.class,
                () -> EngineRequirements.requireOpenSsl(21));
        assertTrue(e.getMessage().contains("this JVM is Java 21"), e.getMessage());
        assertTrue(e.getMessage().contains("FFM API"), e.getMessage());
    }
}
