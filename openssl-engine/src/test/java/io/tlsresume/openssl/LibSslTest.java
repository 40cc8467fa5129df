package io.tlsresume.openssl;

import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.tlsresume.core.ResumptionNode;
import io.tlsresume.core.Settings;
import org.junit.jupiter.api.Test;

/** The engine's start-time check against the real system library. */
class LibSslTest {

    @Test
    void systemLibsslIsOpenSsl3() {
        LibSsl.Loaded loaded = LibSsl.load();
        assertNull(loaded.problem(), loaded.problem());
        assertTrue(Long.compareUnsigned(loaded.lib().version(), LibSsl.MIN_VERSION) >= 0);
    }

    @Test
    void missingLibraryIsReportedWithTheFix() {
        LibSsl.Loaded loaded = LibSsl.tryLoad("libssl-that-is-not-installed.so");
        assertNull(loaded.lib());
        assertNotNull(loaded.problem());
        assertTrue(loaded.problem().contains("apt-get install libssl-dev"), loaded.problem());
        assertTrue(loaded.problem().contains(LibSsl.LIBRARY_PROPERTY), loaded.problem());
    }

    @Test
    void opensslNodeStartsHere() {
        // JDK 22+ with the module and libssl present: the probe passes and the node starts.
        try (ResumptionNode node = ResumptionNode.start(Settings.builder()
                .set("engine", "openssl").set("cluster.mode", "none").set("sealing", "off").build())) {
            assertTrue(node.settings().toString().contains("engine=OPENSSL"));
        }
    }
}
