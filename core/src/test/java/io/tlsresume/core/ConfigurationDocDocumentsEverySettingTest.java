package io.tlsresume.core;

import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;

/** The settings table of docs/configuration.md names every setting with its real default. */
class ConfigurationDocDocumentsEverySettingTest {

    @Test
    void everySettingHasARowWithItsDefault() throws Exception {
        String page = Files.readString(Path.of("..", "docs", "configuration.md"));
        for (Setting setting : Setting.values()) {
            String defaultCell = setting.defaultValue().isEmpty() ? "(empty)"
                    : "`" + setting.defaultValue() + "`";
            String row = "| `" + setting.key() + "` | " + defaultCell + " |";
            assertTrue(page.contains(row), "docs/configuration.md lacks the row starting " + row);
        }
    }
}
