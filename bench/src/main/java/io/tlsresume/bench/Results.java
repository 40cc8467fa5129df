package io.tlsresume.bench;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.stream.Collectors;

/**
 * Every raw observation of one run (one CSV row per sample of a variant in a round) and the
 * summaries drawn from them. Nothing is reported that is not computed from these rows.
 */
final class Results {
    /** One sample: {@code value} of {@code metric} for one variant in one round. */
    record Row(String item, String setup, String variant, int round, String metric,
            double value, String unit) {
        String key() {
            return item + "|" + setup + "|" + variant + "|" + metric;
        }
    }

    /** Median and spread over the rounds. */
    record Summary(int n, double median, double min, double max) {
        static Summary of(double[] values) {
            double[] sorted = values.clone();
            Arrays.sort(sorted);
            return new Summary(sorted.length, percentile(sorted, 50), sorted[0],
                    sorted[sorted.length - 1]);
        }
    }

    private final List<Row> rows = new ArrayList<>();
    private final List<String> notes = new ArrayList<>();

    synchronized void add(String item, String setup, String variant, int round, String metric,
            double value, String unit) {
        rows.add(new Row(item, setup, variant, round, metric, value, unit));
    }

    synchronized void note(String text) {
        notes.add(text);
    }

    synchronized List<Row> rows() {
        return List.copyOf(rows);
    }

    synchronized List<String> notes() {
        return List.copyOf(notes);
    }

    /** Values of one metric of one variant, in round order. */
    synchronized double[] values(String item, String setup, String variant, String metric) {
        return rows.stream().filter(r -> r.item.equals(item) && r.setup.equals(setup)
                        && r.variant.equals(variant) && r.metric.equals(metric))
                .mapToDouble(Row::value).toArray();
    }

    /** Summary of one metric of one variant; null when it was not measured. */
    Summary summary(String item, String setup, String variant, String metric) {
        double[] v = values(item, setup, variant, metric);
        return v.length == 0 ? null : Summary.of(v);
    }

    /**
     * Per-round ratio {@code a / b} of two variants sampled in the same rounds (paired, so
     * machine noise that hits one round hits both), summarised; null if either is missing.
     */
    synchronized Summary ratio(String item, String setup, String a, String b, String metric) {
        Map<Integer, Double> byRoundB = rows.stream().filter(r -> r.item.equals(item)
                        && r.setup.equals(setup) && r.variant.equals(b) && r.metric.equals(metric))
                .collect(Collectors.toMap(Row::round, Row::value, (x, y) -> x,
                        LinkedHashMap::new));
        double[] ratios = rows.stream().filter(r -> r.item.equals(item) && r.setup.equals(setup)
                        && r.variant.equals(a) && r.metric.equals(metric)
                        && byRoundB.containsKey(r.round) && byRoundB.get(r.round) != 0)
                .mapToDouble(r -> r.value / byRoundB.get(r.round)).toArray();
        return ratios.length == 0 ? null : Summary.of(ratios);
    }

    static double percentile(double[] sorted, double p) {
        if (sorted.length == 0) {
            return Double.NaN;
        }
        double rank = p / 100 * (sorted.length - 1);
        int lo = (int) Math.floor(rank);
        int hi = (int) Math.ceil(rank);
        return sorted[lo] + (sorted[hi] - sorted[lo]) * (rank - lo);
    }

    /** RFC 4180: a field with a comma or a quote is quoted, its quotes doubled. */
    static String field(String text) {
        return text.contains(",") || text.contains("\"")
                ? "\"" + text.replace("\"", "\"\"") + "\"" : text;
    }

    void writeCsv(Path file) throws IOException {
        StringBuilder csv = new StringBuilder("item,setup,variant,round,metric,value,unit\n");
        for (Row r : rows()) {
            csv.append(String.join(",", field(r.item), field(r.setup), field(r.variant),
                    Integer.toString(r.round), field(r.metric),
                    String.format(Locale.ROOT, "%.6g", r.value), field(r.unit))).append('\n');
        }
        Files.writeString(file, csv);
    }
}
