package io.tlsresume.bench;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.util.Set;
import org.junit.jupiter.api.Test;

/** {@code bench/run}'s options: what they select, and clear errors for what they refuse. */
class BenchOptionsTest {
    @Test
    void itemsSelectASubsetAndNameTheResultsFolder() {
        Bench.Config config = Bench.Config.parse(new String[] {"--quick", "--items", "4,2"});
        assertEquals(Set.of(2, 4), config.items());
        assertEquals("quick", config.mode());
        assertTrue(config.out().getFileName().toString().endsWith("-quick-items-2-4"),
                config.out().toString());
    }

    @Test
    void roundsOverrideEveryItemsRounds() {
        Bench.Config config = Bench.Config.parse(new String[] {"--rounds", "9", "--items", "2"});
        assertEquals(9, config.rounds());
        assertEquals(9, config.saturationRounds());
        assertEquals(Set.of(2), config.items());
        assertTrue(config.out().getFileName().toString().endsWith("-items-2-rounds-9"),
                config.out().toString());
    }

    @Test
    void anExplicitOutputFolderWins() {
        Bench.Config config = Bench.Config.parse(new String[] {"--items", "1", "--out", "x"});
        assertEquals(Path.of("x"), config.out());
        assertEquals(Set.of(1), config.items());
    }

    @Test
    void badOptionsAreRefusedWithTheReason() {
        assertTrue(assertThrows(IllegalArgumentException.class,
                () -> Bench.Config.parse(new String[] {"--items", "2,9"})).getMessage()
                .contains("1 to 8"));
        assertTrue(assertThrows(IllegalArgumentException.class,
                () -> Bench.Config.parse(new String[] {"--items", "two"})).getMessage()
                .contains("'two'"));
        assertTrue(assertThrows(IllegalArgumentException.class,
                () -> Bench.Config.parse(new String[] {"--items"})).getMessage()
                .contains("needs a value"));
        assertTrue(assertThrows(IllegalArgumentException.class,
                () -> Bench.Config.parse(new String[] {"--rounds", "0"})).getMessage()
                .contains("1 to 50"));
        assertTrue(assertThrows(IllegalArgumentException.class,
                () -> Bench.Config.parse(new String[] {"--fast"})).getMessage()
                .contains("known: --quick"));
    }

    @Test
    void quickRunSamplesAreShorterThanItem4sTicketLifetime() {
        for (String mode : new String[] {"--quick", "--smoke"}) {
            assertTrue(Bench.Config.parse(new String[] {mode}).rotationSeconds()
                    < Bench.ROTATION_LIFETIME, mode);
        }
        assertTrue(Bench.Config.parse(new String[0]).rotationSeconds() < Bench.ROTATION_LIFETIME);
    }
}
