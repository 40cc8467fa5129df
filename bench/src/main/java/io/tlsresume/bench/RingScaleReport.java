package io.tlsresume.bench;

import java.awt.BasicStroke;
import java.awt.Color;
import java.awt.Font;
import java.awt.Graphics2D;
import java.awt.RenderingHints;
import java.awt.image.BufferedImage;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;
import javax.imageio.ImageIO;

/**
 * Item 7's table and plot ({@code ring-scale.md}, {@code ring-scale.png}): per node and tick
 * against N, for one run or several side by side (before and after a change):
 * {@code java -cp bench/target/tlsresume-bench.jar io.tlsresume.bench.RingScaleReport OUT
 * before=DIR1/results.csv after=DIR2/results.csv}.
 */
final class RingScaleReport {
    private static final Color[] COLORS = {new Color(0xd62728), new Color(0x1f77b4),
        new Color(0x2ca02c), new Color(0xff7f0e)};
    /** Metric, title, unit: what the table and the plot show. */
    private static final String[][] METRICS = {
        {"bytes_read_per_node_tick", "Bytes read from the store", "B"},
        {"bytes_written_per_node_tick", "Bytes written to the store", "B"},
        {"entries_read_per_node_tick", "Entries read", ""},
        {"store_calls_per_node_tick", "Store calls", ""},
        {"hpke_seals_per_node_tick", "HPKE seals", ""},
        {"hpke_opens_per_node_tick", "HPKE opens", ""},
        {"change_events_per_node_tick", "Change events (each an extra tick)", ""},
        {"rotator_cpu_us_per_node_tick", "Rotator CPU", "µs"},
        {"jvm_cpu_us_per_node_tick", "Whole JVM CPU (all members)", "µs"},
        {"ticks_to_every_node_max", "Ticks until every node holds a new key (max)", "ticks"},
    };
    /** The plot's panels: the per-node costs the issue sets a goal for, and distribution. */
    private static final int[] PLOTTED = {0, 1, 4, 6, 7, 9};

    private RingScaleReport() {
    }

    /** {@code OUT label=csv ...}: writes OUT/ring-scale.md and OUT/ring-scale.png. */
    public static void main(String[] args) throws IOException {
        Map<String, List<Results.Row>> runs = new LinkedHashMap<>();
        for (int i = 1; i < args.length; i++) {
            int eq = args[i].indexOf('=');
            runs.put(args[i].substring(0, eq), load(Path.of(args[i].substring(eq + 1))));
        }
        write(runs, Path.of(args[0]));
        System.out.println("wrote " + Path.of(args[0]).resolve("ring-scale.md") + " and .png");
    }

    static List<Results.Row> load(Path csv) throws IOException {
        List<Results.Row> rows = new ArrayList<>();
        for (String line : Files.readAllLines(csv)) {
            String[] f = line.split(",");
            if (f.length == 7 && f[0].equals(RingScale.ITEM)) {
                rows.add(new Results.Row(f[0], f[1], f[2], Integer.parseInt(f[3]), f[4],
                        Double.parseDouble(f[5]), f[6]));
            }
        }
        return rows;
    }

    /** Writes the table and the plot of {@code runs} (label to its item-7 rows) into {@code out}. */
    static void write(Map<String, List<Results.Row>> runs, Path out) throws IOException {
        Files.createDirectories(out);
        Files.writeString(out.resolve("ring-scale.md"), markdown(runs));
        plot(runs, out.resolve("ring-scale.png"));
    }

    /** N to value of {@code metric} (round 0: the whole measured span). */
    private static TreeMap<Integer, Double> series(List<Results.Row> rows, String metric) {
        TreeMap<Integer, Double> byN = new TreeMap<>();
        for (Results.Row row : rows) {
            if (row.metric().equals(metric) && row.round() == 0) {
                byN.put(Integer.parseInt(row.setup().substring(2)), row.value());
            }
        }
        return byN;
    }

    static String markdown(Map<String, List<Results.Row>> runs) {
        StringBuilder md = new StringBuilder("## Item 7: sealed ring cost per node and tick"
                + " against cluster size\n\n");
        md.append("Per node and tick, averaged over every node's ticks in the measured"
                + " rotations; last column: the value at the largest N over the value at"
                + " N=2 (goal for bytes and CPU: at most 2).\n\n");
        for (String[] m : METRICS) {
            md.append("### ").append(m[1]).append(m[2].isEmpty() ? "" : " (" + m[2] + ")")
                    .append("\n\n| run |");
            TreeMap<Integer, Double> any = new TreeMap<>();
            runs.values().forEach(rows -> any.putAll(series(rows, m[0])));
            any.keySet().forEach(n -> md.append(" N=").append(n).append(" |"));
            md.append(" largest N / N=2 |\n|---|");
            any.keySet().forEach(n -> md.append("---:|"));
            md.append("---:|\n");
            for (Map.Entry<String, List<Results.Row>> run : runs.entrySet()) {
                TreeMap<Integer, Double> s = series(run.getValue(), m[0]);
                md.append("| ").append(run.getKey()).append(" |");
                any.keySet().forEach(n -> md.append(' ').append(s.containsKey(n)
                        ? fmt(s.get(n)) : "-").append(" |"));
                Double small = s.get(2);
                md.append(' ').append(s.isEmpty() || small == null || small == 0 ? "-"
                        : String.format(Locale.ROOT, "%.1fx", s.lastEntry().getValue() / small))
                        .append(" |\n");
            }
            md.append('\n');
        }
        return md.toString();
    }

    static String fmt(double v) {
        if (v == 0) {
            return "0";
        }
        return Math.abs(v) >= 100 ? String.format(Locale.ROOT, "%,.0f", v)
                : String.format(Locale.ROOT, "%.2f", v);
    }

    private static void plot(Map<String, List<Results.Row>> runs, Path file) throws IOException {
        System.setProperty("java.awt.headless", "true");
        int w = 1500;
        int h = 1000;
        BufferedImage image = new BufferedImage(w, h, BufferedImage.TYPE_INT_RGB);
        Graphics2D g = image.createGraphics();
        g.setRenderingHint(RenderingHints.KEY_ANTIALIASING, RenderingHints.VALUE_ANTIALIAS_ON);
        g.setColor(Color.WHITE);
        g.fillRect(0, 0, w, h);
        for (int p = 0; p < PLOTTED.length; p++) {
            String[] m = METRICS[PLOTTED[p]];
            panel(g, runs, m, (p % 3) * w / 3, (p / 3) * h / 2, w / 3, h / 2);
        }
        g.dispose();
        ImageIO.write(image, "png", file.toFile());
    }

    /** One panel: log2 N across, the metric up (linear from 0), one line per run. */
    private static void panel(Graphics2D g, Map<String, List<Results.Row>> runs, String[] m,
            int x0, int y0, int w, int h) {
        int left = x0 + 70;
        int right = x0 + w - 20;
        int top = y0 + 50;
        int bottom = y0 + h - 70;
        g.setColor(Color.BLACK);
        g.setFont(new Font(Font.SANS_SERIF, Font.BOLD, 14));
        g.drawString(m[1] + (m[2].isEmpty() ? "" : " (" + m[2] + ")"), x0 + 15, y0 + 25);
        g.setFont(new Font(Font.SANS_SERIF, Font.PLAIN, 11));
        g.drawString("per node and tick, against N (log scale)", x0 + 15, y0 + 40);
        double max = 0;
        int minN = Integer.MAX_VALUE;
        int maxN = 0;
        for (List<Results.Row> rows : runs.values()) {
            for (Map.Entry<Integer, Double> e : series(rows, m[0]).entrySet()) {
                max = Math.max(max, e.getValue());
                minN = Math.min(minN, e.getKey());
                maxN = Math.max(maxN, e.getKey());
            }
        }
        if (maxN == 0) {
            g.drawString("not measured", left, (top + bottom) / 2);
            return;
        }
        max = max <= 0 ? 1 : max * 1.1;
        g.setColor(new Color(0xdddddd));
        for (int i = 0; i <= 4; i++) {
            int y = bottom - (bottom - top) * i / 4;
            g.drawLine(left, y, right, y);
        }
        g.setColor(Color.BLACK);
        g.drawLine(left, top, left, bottom);
        g.drawLine(left, bottom, right, bottom);
        for (int i = 0; i <= 4; i++) {
            String label = fmt(max * i / 4);
            int y = bottom - (bottom - top) * i / 4;
            g.drawString(label, left - 6 - g.getFontMetrics().stringWidth(label), y + 4);
        }
        double span = Math.max(1, Math.log(maxN) - Math.log(minN));
        for (int n = minN; n <= maxN; n *= 2) {
            int x = left + (int) ((right - left) * (Math.log(n) - Math.log(minN)) / span);
            g.drawString(String.valueOf(n), x - 6, bottom + 16);
        }
        int run = 0;
        for (Map.Entry<String, List<Results.Row>> entry : runs.entrySet()) {
            g.setColor(COLORS[run % COLORS.length]);
            g.setStroke(new BasicStroke(2.5f));
            int px = -1;
            int py = -1;
            for (Map.Entry<Integer, Double> e : series(entry.getValue(), m[0]).entrySet()) {
                int x = left + (int) ((right - left) * (Math.log(e.getKey()) - Math.log(minN))
                        / span);
                int y = bottom - (int) ((bottom - top) * e.getValue() / max);
                g.fillOval(x - 4, y - 4, 8, 8);
                if (px >= 0) {
                    g.drawLine(px, py, x, y);
                }
                px = x;
                py = y;
            }
            g.fillRect(left + 10 + run * 120, bottom + 30, 12, 12);
            g.setColor(Color.BLACK);
            g.drawString(entry.getKey(), left + 26 + run * 120, bottom + 41);
            run++;
        }
    }
}
