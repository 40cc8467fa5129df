package io.tlsresume.testkit;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Set;
import java.util.TreeSet;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.platform.launcher.TestExecutionListener;
import org.junit.platform.launcher.TestPlan;

/**
 * A module's last test (its subclass is ordered last by {@code @Order}, with the parent pom's
 * {@code ClassOrderer$OrderAnnotation}): after the kit has deleted what it made, the temporary
 * folder holds no {@code tlsresume*} entry that was not there before the module's first test.
 * The module's tests run with their own {@code java.io.tmpdir} (target/tmp, see the parent
 * pom), so other builds on the machine cannot disturb the count.
 */
@Order(Integer.MAX_VALUE)
public abstract class TempFilesCheck {
    private static volatile Set<String> before;

    /** Takes the "before" listing when the test plan starts (registered as a service). */
    public static final class Snapshot implements TestExecutionListener {
        @Override
        public void testPlanExecutionStarted(TestPlan testPlan) {
            try {
                Files.createDirectories(Path.of(System.getProperty("java.io.tmpdir")));
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
            if (before == null) {
                before = TempFiles.ours();
            }
        }
    }

    @Test
    void testsLeaveNoTemporaryFilesBehind() {
        TempFiles.deleteAll();
        Set<String> left = new TreeSet<>(TempFiles.ours());
        left.removeAll(before == null ? Set.of() : before);
        assertEquals(Set.of(), left, "left in " + System.getProperty("java.io.tmpdir"));
    }
}
