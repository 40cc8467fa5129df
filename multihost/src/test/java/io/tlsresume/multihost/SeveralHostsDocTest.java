package io.tlsresume.multihost;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.tlsresume.testkit.HaproxyBalancer;
import io.tlsresume.testkit.hosts.HostedNode;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/**
 * docs/operations.md "Several hosts" is exactly what the scenarios run: its settings block is
 * what {@link MultiHostCluster} gives a node (for the doc's addresses), and every line of its
 * HAProxy block is in the configuration the scenarios' HAProxy runs with, its server lines all of
 * them. Runs everywhere (it starts nothing).
 */
class SeveralHostsDocTest {
    private static final Pattern FENCED = Pattern.compile("(?s)```(\\w+)\\n(.*?)```");
    private static final List<String> DOC_HOSTS = List.of("10.0.0.11", "10.0.0.12", "10.0.0.13");

    @Test
    void settingsAreWhatMultiHostClusterPasses() throws IOException {
        List<String> documented = lines(block("properties"));
        List<String> passed = MultiHostCluster.multiHostSettings(DOC_HOSTS.get(0),
                DOC_HOSTS.subList(1, 3));
        assertEquals(passed, documented, "docs/operations.md \"Several hosts\" settings");
    }

    @Test
    void haproxyBlockIsWhatTheScenariosRun() throws IOException {
        List<String> documented = lines(block("haproxy"));
        List<String> generated = lines(HaproxyBalancer.config("10.0.0.1", 443,
                DOC_HOSTS.stream().map(h -> h + ":" + HostedNode.TLS_PORT).toList(), true));
        List<String> missing = new ArrayList<>(documented);
        missing.removeAll(generated);
        assertTrue(missing.isEmpty(), "documented HAProxy lines the scenarios do not run: "
                + missing + "\nthey run:\n" + String.join("\n", generated));
        assertEquals(generated.stream().filter(l -> l.startsWith("server ")).toList(),
                documented.stream().filter(l -> l.startsWith("server ")).toList(),
                "the documented server lines");
    }

    /** The first fenced block of {@code language} in the "Several hosts" section. */
    private static String block(String language) throws IOException {
        String page = Files.readString(Path.of("..", "docs", "operations.md"));
        int start = page.indexOf("\n## Several hosts\n");
        assertTrue(start >= 0, "docs/operations.md has a \"Several hosts\" section");
        int end = page.indexOf("\n## ", start + 1);
        String section = page.substring(start, end < 0 ? page.length() : end);
        Matcher m = FENCED.matcher(section);
        while (m.find()) {
            if (m.group(1).equals(language)) {
                return m.group(2);
            }
        }
        throw new AssertionError("no ```" + language + " block in \"Several hosts\"");
    }

    private static List<String> lines(String text) {
        return Arrays.stream(text.split("\n")).map(String::trim).filter(l -> !l.isEmpty())
                .toList();
    }
}
