package io.tlsresume.testkit;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Set;
import java.util.TreeSet;
import org.junit.jupiter.api.Test;
import org.junit.platform.launcher.TestExecutionListener;
import org.junit.platform.launcher.TestPlan;

/**
 * A module's last test (its subclass carries {@code @Order(Integer.MAX_VALUE)}, which the parent
 * pom's {@code ClassOrderer$OrderAnnotation} puts last): the temporary folder holds no
 * {@code tlsresume*} entry that was not there before the module's first test, except what the
 * kit itself still holds and deletes on exit ({@link TempFiles#pending()}).
 * The module's tests run with their own {@code java.io.tmpdir} (target/tmp, see the parent
 * pom), so other builds on the machine cannot disturb the count.
 */
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
        Set<String> left = new TreeSet<>(TempFiles.ours());
        left.removeAll(before == null ? Set.of() : before);
        // What the kit made and still holds (the shared certificate, session files) goes when
        // the JVM exits; TempFilesTest shows that it does.
        left.removeAll(TempFiles.pending());
        assertEquals(Set.of(), left, "left in " + System.getProperty("java.io.tmpdir"));
    }
}
