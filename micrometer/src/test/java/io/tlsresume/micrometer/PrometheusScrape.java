package io.tlsresume.micrometer;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashSet;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A Prometheus text scrape read back as a scraper reads it, checked on the way: each name is
 * declared once and every sample of a name has the same label names.
 */
final class PrometheusScrape {
    /** A sample line of the text format: its name and its labels. */
    private static final Pattern SAMPLE = Pattern.compile(
            "^([a-zA-Z_:][a-zA-Z0-9_:]*)(\\{[^}]*\\})? .*$", Pattern.MULTILINE);
    private static final Pattern LABEL = Pattern.compile("([a-zA-Z_][a-zA-Z0-9_]*)=\"([^\"]*)\"");
    private static final Pattern TYPE = Pattern.compile("^# TYPE (\\S+) ", Pattern.MULTILINE);

    /** Label names by sample name. */
    final Map<String, Set<String>> labelsByName = new TreeMap<>();
    /** Values seen by label name. */
    final Map<String, Set<String>> valuesByLabel = new TreeMap<>();

    PrometheusScrape(String text) {
        Set<String> typed = new HashSet<>();
        Matcher type = TYPE.matcher(text);
        while (type.find()) {
            assertTrue(typed.add(type.group(1)), "declared twice: " + type.group(1));
        }
        Matcher sample = SAMPLE.matcher(text);
        while (sample.find()) {
            Set<String> labels = new TreeSet<>();
            Matcher label = LABEL.matcher(sample.group(2) == null ? "" : sample.group(2));
            while (label.find()) {
                labels.add(label.group(1));
                valuesByLabel.computeIfAbsent(label.group(1), l -> new TreeSet<>())
                        .add(label.group(2));
            }
            Set<String> earlier = labelsByName.putIfAbsent(sample.group(1), labels);
            assertEquals(earlier == null ? labels : earlier, labels,
                    "one tag set per name: " + sample.group(1));
        }
    }

    /**
     * The Micrometer names of the samples: Prometheus adds {@code _total} to counters and the
     * base unit to time gauges.
     */
    Set<String> meterNames() {
        Set<String> names = new TreeSet<>();
        for (String name : labelsByName.keySet()) {
            names.add(name.replaceAll("_total$|_seconds$", "").replace('_', '.'));
        }
        return names;
    }

    /** The names of the counters and gauges in docs/metrics.md's tables (rows with a name). */
    static Set<String> documentedNumbers() throws IOException {
        Set<String> names = new TreeSet<>();
        Pattern row = Pattern.compile("^\\| `(tlsresume\\.[a-z.]+)`[^|]*\\|[^|]*\\| ([a-z ]+)"
                + "[^|]*\\|", Pattern.MULTILINE);
        Matcher m = row.matcher(Files.readString(Path.of("../docs/metrics.md")));
        while (m.find()) {
            String kind = m.group(2).trim();
            if (kind.startsWith("counter") || kind.startsWith("gauge")) {
                names.add(m.group(1));
            }
        }
        assertTrue(names.contains("tlsresume.handshakes"), names.toString());
        return names;
    }
}
