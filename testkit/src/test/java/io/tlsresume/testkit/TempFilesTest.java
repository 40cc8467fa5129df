package io.tlsresume.testkit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.opentest4j.AssertionFailedError;

/** The kit deletes what it made, and the last-test check notices what someone else left. */
class TempFilesTest {

    /** Run in a child JVM: makes the shared certificate and a few kit files, prints them. */
    public static final class MakeAndExit {
        public static void main(String[] args) throws Exception {
            Path certs = TestCertificates.get().dir();
            Path folder = TempFiles.directory("tlsresume-probe");
            Files.writeString(folder.resolve("key.pem"), "not a key");
            Path file = TempFiles.file("tlsresume-probe", ".txt");
            System.out.println(certs + "\n" + folder + "\n" + file);
        }
    }

    @Test
    void whatTheKitMadeIsGoneWhenItsJvmExits() throws Exception {
        Process child = new ProcessBuilder(
                Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-Djava.io.tmpdir=" + System.getProperty("java.io.tmpdir"),
                "-cp", System.getProperty("java.class.path"), MakeAndExit.class.getName())
                .redirectErrorStream(true).start();
        String out = new String(child.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertTrue(child.waitFor(60, TimeUnit.SECONDS), out);
        assertEquals(0, child.exitValue(), out);
        List<Path> made = out.lines().map(Path::of).toList();
        assertEquals(3, made.size(), out);
        for (Path path : made) {
            assertTrue(path.getFileName().toString().startsWith("tlsresume"), path.toString());
            assertFalse(Files.exists(path), path + " is still there");
        }
    }

    @Test
    void theCheckFailsOnAFolderNobodyDeleted() throws Exception {
        Path leak = Files.createTempDirectory("tlsresume-leak");
        try {
            AssertionFailedError e = assertThrows(AssertionFailedError.class,
                    () -> new TempFilesCheck() { }.testsLeaveNoTemporaryFilesBehind());
            assertTrue(e.getMessage().contains(leak.getFileName().toString()), e.getMessage());
        } finally {
            TempFiles.delete(leak);
        }
        new TempFilesCheck() { }.testsLeaveNoTemporaryFilesBehind();
    }
}
