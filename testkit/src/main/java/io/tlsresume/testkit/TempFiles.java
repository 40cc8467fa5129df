package io.tlsresume.testkit;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.stream.Stream;

/**
 * Temporary files and folders of the tests and the bench (certificates and their private keys,
 * session files, logs, server folders): each is deleted when its user closes it, or at the
 * latest by {@link #deleteAll()}, which runs when the JVM exits. All names start with
 * {@code tlsresume}, so {@link #ours()} can tell what is left.
 */
public final class TempFiles {
    private static final Set<Path> CREATED = ConcurrentHashMap.newKeySet();

    static {
        Runtime.getRuntime().addShutdownHook(new Thread(TempFiles::deleteAll,
                "tlsresume-temp-files"));
    }

    private TempFiles() {
    }

    /** A new folder in {@code java.io.tmpdir}, deleted with all it holds at the latest on exit. */
    public static Path directory(String prefix) {
        try {
            return register(Files.createTempDirectory(prefix));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** A new empty file in {@code java.io.tmpdir}, deleted at the latest on exit. */
    public static Path file(String prefix, String suffix) {
        try {
            return register(Files.createTempFile(prefix, suffix));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /**
     * Deletes {@code path}, a file or a whole folder, if it exists. A path made here stays
     * listed, so that a folder a server creates again after its close (seen with embedded
     * Tomcat's base folder) still goes on exit.
     */
    public static void delete(Path path) {
        if (!Files.exists(path)) {
            return;
        }
        try (Stream<Path> all = Files.walk(path)) {
            for (Path p : all.sorted(Comparator.reverseOrder()).toList()) {
                Files.deleteIfExists(p);
            }
        } catch (IOException e) {
            throw new UncheckedIOException("could not delete " + path, e);
        }
    }

    /** Deletes everything made here that is still there. */
    public static void deleteAll() {
        for (Path path : List.copyOf(CREATED)) {
            try {
                delete(path);
            } catch (UncheckedIOException e) {
                // At exit nothing is left to report to; the check lists what stayed.
            }
        }
    }

    /**
     * The names in {@code java.io.tmpdir} that tests and the bench may leave: {@code tlsresume*}
     * (and {@code s_server*}, as older tests named their folders).
     */
    public static Set<String> ours() {
        Path dir = Path.of(System.getProperty("java.io.tmpdir"));
        if (!Files.isDirectory(dir)) {
            return Set.of();
        }
        try (Stream<Path> entries = Files.list(dir)) {
            return entries.map(p -> p.getFileName().toString())
                    .filter(n -> n.startsWith("tlsresume") || n.startsWith("s_server"))
                    .collect(java.util.stream.Collectors.toCollection(java.util.TreeSet::new));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** The names of what was made here and is not deleted yet (it goes on exit). */
    public static Set<String> pending() {
        return CREATED.stream().filter(Files::exists).map(p -> p.getFileName().toString())
                .collect(java.util.stream.Collectors.toSet());
    }

    private static Path register(Path path) {
        CREATED.add(path);
        return path;
    }
}
