package io.tlsresume.core;

import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;

/** The README's configuration reference names every setting with its real default. */
class ReadmeDocumentsEverySettingTest {

    @Test
    void everySettingHasARowWithItsDefault() throws Exception {
        String readme = Files.readString(Path.of("..", "README.md"));
        for (Setting setting : Setting.values()) {
            String defaultCell = setting.defaultValue().isEmpty() ? "(empty)"
                    : "`" + setting.defaultValue() + "`";
            String row = "| `" + setting.key() + "` | " + defaultCell + " |";
            assertTrue(readme.contains(row), "README lacks the row starting " + row);
        }
    }
}
