package io.tlsresume.testkit;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;

/**
 * Where a scenario's figures go: its {@code SCENARIO <name>: ...} line on standard output and
 * appended to {@code target/scenarios.txt} of the module under test (the build's working
 * directory), for whoever collects the figures of a run.
 */
public final class ScenarioReport {
    private ScenarioReport() {
    }

    /**
     * Prints {@code line} and appends it to {@code target/scenarios.txt} (or the file the
     * system property {@code scenario.output} names).
     */
    public static void record(String line) {
        System.out.println(line);
        try {
            Path file = Path.of(System.getProperty("scenario.output", "target/scenarios.txt"))
                    .toAbsolutePath();
            Files.createDirectories(file.getParent());
            Files.writeString(file, line + System.lineSeparator(), StandardOpenOption.CREATE,
                    StandardOpenOption.APPEND);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Whether scenarios run at full length ({@code -Dscenario.full=true}), else shortened. */
    public static boolean full() {
        return Boolean.getBoolean("scenario.full");
    }
}
