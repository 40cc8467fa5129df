package io.tlsresume.core;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/**
 * The README and the {@code docs/} pages stay true to the repository: the classes
 * {@code docs/architecture.md} names exist, every relative link leads somewhere, and the
 * README's quick-start snippets are copies of the snippets the distribution tests run.
 */
class DocsTest {
    private static final Path ROOT = Path.of("..").toAbsolutePath().normalize();
    private static final Path DOCS = ROOT.resolve("docs");

    /**
     * A name in backticks that reads as a Java class: an UpperCamelCase identifier (no
     * underscores, at least one lower-case letter, so {@code SSL_CTX} or {@code PKCS12} are not
     * taken for classes), optionally after lower-case package segments, optionally followed by
     * nested classes and one member ({@code KeyRing.Entry}, {@code ResumptionNode.start},
     * {@code KeyRotator#tick()}).
     */
    private static final Pattern CLASS_NAME = Pattern.compile(
            "((?:[a-z][a-z0-9_]*\\.)*)([A-Z][A-Za-z0-9]*[a-z][A-Za-z0-9]*)"
                    + "((?:\\.[A-Z][A-Za-z0-9]*)*)(?:[.#][a-z][A-Za-z0-9]*(?:\\(\\))?)?");
    private static final Pattern BACKTICKED = Pattern.compile("`([^`\\n]+)`");
    private static final Pattern LINK = Pattern.compile("!?\\[[^\\]]*]\\(([^)\\s]+)\\)");

    @Test
    void architectureNamesOnlyClassesThatExist() throws IOException {
        String page = withoutFencedBlocks(Files.readString(DOCS.resolve("architecture.md")));
        Map<String, List<Path>> sources = javaSourcesByName();
        Set<String> checked = new TreeSet<>();
        List<String> missing = new ArrayList<>();
        Matcher backticked = BACKTICKED.matcher(page);
        while (backticked.find()) {
            Matcher name = CLASS_NAME.matcher(backticked.group(1));
            if (!name.matches()) {
                continue;
            }
            String pkg = name.group(1);
            if (!pkg.isEmpty() && !pkg.startsWith("io.tlsresume.")) {
                continue; // another project's class, written with its package
            }
            String simple = name.group(2);
            checked.add(pkg + simple);
            List<Path> files = sources.getOrDefault(simple, List.of());
            String wanted = pkg.replace('.', '/') + simple + ".java";
            if (files.stream().noneMatch(f -> f.toString().replace('\\', '/').endsWith(wanted))) {
                missing.add(backticked.group(1));
            }
        }
        assertTrue(missing.isEmpty(), "docs/architecture.md names classes that have no source"
                + " file in any module: " + missing);
        // The page must name the rooms a newcomer looks for, or this test checks nothing.
        for (String expected : List.of("KeyRotator", "KeyRing", "TicketKey", "SealedRingCodec",
                "HazelcastRingStore", "ServerTlsContext", "ObservedSslEngine",
                "ResumingSslContextFactory", "TlsResumeImplementation", "ClusterSessionCache")) {
            assertTrue(checked.contains(expected) || checked.stream()
                    .anyMatch(c -> c.endsWith("." + expected)),
                    "docs/architecture.md does not name " + expected + "; it named " + checked);
        }
    }

    @Test
    void everyRelativeLinkResolves() throws IOException {
        List<Path> pages = new ArrayList<>(List.of(ROOT.resolve("README.md")));
        try (Stream<Path> docs = Files.list(DOCS)) {
            docs.filter(p -> p.toString().endsWith(".md")).sorted().forEach(pages::add);
        }
        List<String> broken = new ArrayList<>();
        int links = 0;
        for (Path page : pages) {
            Matcher link = LINK.matcher(withoutFencedBlocks(Files.readString(page)));
            while (link.find()) {
                String target = link.group(1);
                if (target.matches("^[a-zA-Z][a-zA-Z0-9+.-]*:.*")) {
                    continue; // https:, mailto:
                }
                links++;
                int hash = target.indexOf('#');
                String file = hash < 0 ? target : target.substring(0, hash);
                String anchor = hash < 0 ? null : target.substring(hash + 1);
                Path resolved = file.isEmpty() ? page : page.getParent().resolve(file).normalize();
                String where = ROOT.relativize(page) + ": (" + target + ")";
                if (!resolved.startsWith(ROOT) || !Files.exists(resolved)) {
                    broken.add(where + " no such file");
                } else if (anchor != null && !anchorsOf(resolved).contains(anchor)) {
                    broken.add(where + " no such heading");
                }
            }
        }
        assertTrue(broken.isEmpty(), "broken links: " + broken);
        assertTrue(links > 20, "only " + links + " relative links found: is the pattern right?");
    }

    @Test
    void readmeSnippetsAreCopiesOfTheDocs() throws IOException {
        String readme = Files.readString(ROOT.resolve("README.md"));
        // Blocks before the first section are the set-up commands and the demo's output.
        List<String> snippets = fencedBlocks(readme.substring(readme.indexOf("\n## ")));
        List<String> docBlocks = new ArrayList<>();
        try (Stream<Path> docs = Files.list(DOCS)) {
            for (Path page : docs.filter(p -> p.toString().endsWith(".md")).toList()) {
                fencedBlocks(Files.readString(page)).forEach(b -> docBlocks.add(squeezed(b)));
            }
        }
        for (String snippet : snippets) {
            assertTrue(docBlocks.stream().anyMatch(b -> b.contains(squeezed(snippet))),
                    "README snippet is in no docs/ page (edit the page, then copy):\n" + snippet);
        }
        assertTrue(snippets.size() >= 4, "README lost its quick-start snippets: " + snippets);
        // CatalinaDistributionIT runs the server.xml of docs/tomcat.md in two real Tomcats.
        String tested = squeezed(xmlBlockUnder(Files.readString(DOCS.resolve("tomcat.md")),
                "## server.xml\n"));
        assertTrue(snippets.stream().anyMatch(s -> s.contains("TlsResumeListener")
                && tested.contains(squeezed(s))), "README's Tomcat quick start is not part of the"
                + " server.xml CatalinaDistributionIT runs (docs/tomcat.md)");
    }

    @Test
    void readmeKeepsItsTwoSetUpCommandsFirstAndStaysShort() throws IOException {
        String readme = Files.readString(ROOT.resolve("README.md"));
        int firstBlock = readme.indexOf("```");
        assertEquals("```bash\n./demo\nmvn -B verify\n```",
                readme.substring(firstBlock, readme.indexOf("```", firstBlock + 3) + 3));
        long size = Files.size(ROOT.resolve("README.md"));
        assertTrue(size <= 15 * 1024, "README.md is " + size + " bytes; keep it at most 15 KB"
                + " and move details to docs/");
    }

    /** The text of the first xml block after {@code heading}. */
    private static String xmlBlockUnder(String page, String heading) {
        int section = page.indexOf(heading);
        assertTrue(section >= 0, "no heading " + heading.strip());
        int start = page.indexOf("```xml\n", section) + "```xml\n".length();
        return page.substring(start, page.indexOf("```", start));
    }

    /** The contents of every fenced block, indented ones (in list items) included. */
    private static List<String> fencedBlocks(String markdown) {
        List<String> blocks = new ArrayList<>();
        StringBuilder current = null;
        for (String line : markdown.split("\n")) {
            if (line.strip().startsWith("```")) {
                if (current == null) {
                    current = new StringBuilder();
                } else {
                    blocks.add(current.toString());
                    current = null;
                }
            } else if (current != null) {
                current.append(line).append('\n');
            }
        }
        return blocks;
    }

    private static String squeezed(String xml) {
        return xml.replaceAll("\\s+", " ").strip();
    }

    /** Fenced code blocks hold code, not links or class references of the prose. */
    private static String withoutFencedBlocks(String markdown) {
        return markdown.replaceAll("(?ms)^[ \\t]*```.*?^[ \\t]*```", "");
    }

    /** The anchors GitHub makes for the headings of {@code page}. */
    private static Set<String> anchorsOf(Path page) throws IOException {
        Set<String> anchors = new LinkedHashSet<>();
        Map<String, Integer> seen = new HashMap<>();
        for (String line : withoutFencedBlocks(Files.readString(page)).split("\n")) {
            if (!line.matches("^#{1,6} .*")) {
                continue;
            }
            String slug = line.replaceFirst("^#+ ", "").strip().toLowerCase(Locale.ROOT)
                    .replaceAll("[^\\p{L}\\p{N} _-]", "").replace(' ', '-');
            int n = seen.merge(slug, 1, Integer::sum) - 1;
            anchors.add(n == 0 ? slug : slug + "-" + n);
        }
        return anchors;
    }

    /** Every {@code .java} file under some module's {@code src/}, by simple class name. */
    private static Map<String, List<Path>> javaSourcesByName() throws IOException {
        Map<String, List<Path>> byName = new HashMap<>();
        List<Path> moduleSources;
        try (Stream<Path> top = Files.list(ROOT)) {
            moduleSources = top.filter(dir -> Files.exists(dir.resolve("pom.xml")))
                    .map(dir -> dir.resolve("src")).filter(Files::isDirectory).toList();
        }
        for (Path src : moduleSources) {
            try (Stream<Path> files = Files.walk(src)) {
                files.filter(p -> p.toString().endsWith(".java"))
                        .forEach(p -> byName.computeIfAbsent(p.getFileName().toString()
                                .replace(".java", ""), k -> new ArrayList<>()).add(p));
            }
        }
        return byName;
    }
}
