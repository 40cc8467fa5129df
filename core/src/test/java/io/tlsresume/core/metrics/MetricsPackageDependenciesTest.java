package io.tlsresume.core.metrics;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.tlsresume.core.metrics.jmx.JmxExporter;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Predicate;
import java.util.spi.ToolProvider;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/**
 * The metrics interface needs nothing beyond the JDK (a core without Micrometer, Hazelcast or
 * Netty), checked on the compiled classes with jdeps, so fully qualified names count too.
 */
class MetricsPackageDependenciesTest {
    private static final String PACKAGE = "io.tlsresume.core.metrics.";

    @Test
    void metricsPackageUsesJavaOnly() throws Exception {
        List<String> outside = dependencies(Metric.class).stream()
                .filter(d -> !d.startsWith("java.") && !inPackage(d, PACKAGE)).toList();
        assertEquals(List.of(), outside);
    }

    @Test
    void jmxExporterUsesTheJdkAndTheMetricsPackageOnly() throws Exception {
        List<String> outside = dependencies(JmxExporter.class).stream()
                .filter(d -> !d.startsWith("java.") && !d.startsWith("javax.management.")
                        && !inPackage(d, PACKAGE) && !inPackage(d, PACKAGE + "jmx."))
                .toList();
        assertEquals(List.of(), outside);
    }

    private static boolean inPackage(String className, String packagePrefix) {
        return className.startsWith(packagePrefix)
                && className.indexOf('.', packagePrefix.length()) < 0;
    }

    /** Every class the classes of {@code member}'s package (not sub-packages) refer to. */
    private static List<String> dependencies(Class<?> member) throws Exception {
        Path dir = Path.of(member.getResource(member.getSimpleName() + ".class").toURI())
                .getParent();
        List<String> args = new ArrayList<>(List.of("-verbose:class", "-filter:none"));
        try (Stream<Path> files = Files.list(dir)) {
            files.map(Path::toString).filter(f -> f.endsWith(".class")).sorted()
                    .forEach(args::add);
        }
        assertTrue(args.size() > 3, "no classes in " + dir);
        StringWriter out = new StringWriter();
        int status = ToolProvider.findFirst("jdeps").orElseThrow().run(new PrintWriter(out),
                new PrintWriter(out), args.toArray(String[]::new));
        assertEquals(0, status, out.toString());
        List<String> dependencies = new ArrayList<>();
        for (String line : out.toString().split("\n")) {
            // "   io.tlsresume.core.metrics.Metric   -> java.lang.Object   java.base"
            String[] parts = line.trim().split("\\s+");
            if (line.startsWith(" ") && parts.length >= 3 && parts[1].equals("->")) {
                dependencies.add(parts[2]);
            }
        }
        assertTrue(dependencies.stream().anyMatch(Predicate.isEqual("java.lang.Object")),
                out.toString());
        return dependencies;
    }
}
