package io.tlsresume.bench;

import io.tlsresume.bench.Results.Summary;
import java.awt.BasicStroke;
import java.awt.Color;
import java.awt.Font;
import java.awt.Graphics2D;
import java.awt.RenderingHints;
import java.awt.image.BufferedImage;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import javax.imageio.ImageIO;

/**
 * plot.png, drawn with java.awt (headless): four bar panels, each bar the median over the rounds
 * with a min-max whisker.
 */
final class Plot {
    private static final Color[] COLORS = {new Color(0x1f77b4), new Color(0xff7f0e),
        new Color(0x2ca02c), new Color(0xd62728), new Color(0x9467bd), new Color(0x8c564b),
        new Color(0xe377c2), new Color(0x7f7f7f)};
    private static final int W = 1600;
    private static final int H = 1100;

    private record Panel(String title, List<String> variants, List<String> groups,
            List<List<Summary>> values) { }

    private Plot() {
    }

    static void write(Results r, Path file) throws IOException {
        System.setProperty("java.awt.headless", "true");
        List<Panel> panels = List.of(
                panel(r, "2. Server CPU per handshake (µs, both node JVMs)", "2-server-cpu",
                        "cpu_us_per_handshake", List.of("full", "same-node resumed",
                                "cross-node resumed"), 1),
                panel(r, "3. Handshakes per second, reconnecting s_time clients",
                        "3-saturation", "handshakes_per_s", List.of("ring on", "ring off",
                                "nginx -reuse, balanced", "nginx -new, balanced", "node -reuse",
                                "node -new", "nginx -reuse", "nginx -new"), 1),
                panel(r, "1. Resumed reconnections through the balancer (%)",
                        "1-resumption-rate", "resumed_share", List.of("ring on", "ring off"),
                        100),
                latency(r));
        BufferedImage image = new BufferedImage(W, H, BufferedImage.TYPE_INT_RGB);
        Graphics2D g = image.createGraphics();
        g.setRenderingHint(RenderingHints.KEY_ANTIALIASING, RenderingHints.VALUE_ANTIALIAS_ON);
        g.setRenderingHint(RenderingHints.KEY_TEXT_ANTIALIASING,
                RenderingHints.VALUE_TEXT_ANTIALIAS_ON);
        g.setColor(Color.WHITE);
        g.fillRect(0, 0, W, H);
        for (int i = 0; i < panels.size(); i++) {
            draw(g, panels.get(i), (i % 2) * W / 2, (i / 2) * H / 2, W / 2, H / 2);
        }
        g.dispose();
        ImageIO.write(image, "png", file.toFile());
    }

    private static Panel panel(Results r, String title, String item, String metric,
            List<String> variants, double scale) {
        List<String> groups = r.rows().stream().filter(x -> x.item().equals(item))
                .map(Results.Row::setup).distinct().toList();
        List<List<Summary>> values = new ArrayList<>();
        for (String group : groups) {
            List<Summary> row = new ArrayList<>();
            for (String variant : variants) {
                Summary s = r.summary(item, group, variant, metric);
                row.add(s == null ? null : new Summary(s.n(), s.median() * scale,
                        s.min() * scale, s.max() * scale));
            }
            values.add(row);
        }
        return new Panel(title, variants, groups, values);
    }

    private static Panel latency(Results r) {
        String item = "5-member-frozen";
        List<String> variants = List.of("all up", "member frozen", "member down");
        List<List<Summary>> values = new ArrayList<>();
        List<String> groups = List.of("p50_ms", "p99_ms");
        for (String metric : groups) {
            List<Summary> row = new ArrayList<>();
            for (String variant : variants) {
                row.add(r.summary(item, "TLSv1.3", variant, metric));
            }
            values.add(row);
        }
        boolean any = values.stream().flatMap(List::stream).anyMatch(s -> s != null);
        return new Panel("5. TLS 1.3 handshake latency per round (ms), third member up / "
                + "frozen / down", variants, any ? List.of("p50", "p99") : List.of(),
                any ? values : List.of());
    }

    private static void draw(Graphics2D g, Panel p, int x0, int y0, int w, int h) {
        int left = x0 + 80;
        int right = x0 + w - 20;
        int top = y0 + 60;
        int bottom = y0 + h - 90;
        g.setColor(Color.BLACK);
        g.setFont(new Font(Font.SANS_SERIF, Font.BOLD, 16));
        g.drawString(p.title(), x0 + 20, y0 + 28);
        g.setFont(new Font(Font.SANS_SERIF, Font.PLAIN, 12));
        if (p.groups().isEmpty()) {
            g.drawString("not measured in this run", left, (top + bottom) / 2);
            return;
        }
        double max = 0;
        for (List<Summary> row : p.values()) {
            for (Summary s : row) {
                if (s != null) {
                    max = Math.max(max, s.max());
                }
            }
        }
        max = max <= 0 ? 1 : niceCeiling(max * 1.08);
        g.setColor(new Color(0xdddddd));
        for (int i = 0; i <= 5; i++) {
            int y = bottom - (int) ((bottom - top) * i / 5.0);
            g.drawLine(left, y, right, y);
        }
        g.setColor(Color.BLACK);
        for (int i = 0; i <= 5; i++) {
            int y = bottom - (int) ((bottom - top) * i / 5.0);
            String label = Report.fmt(max * i / 5);
            g.drawString(label, left - 8 - g.getFontMetrics().stringWidth(label), y + 4);
        }
        g.drawLine(left, top, left, bottom);
        g.drawLine(left, bottom, right, bottom);
        int groups = p.groups().size();
        int variants = p.variants().size();
        double groupWidth = (right - left) / (double) groups;
        double barWidth = groupWidth * 0.8 / variants;
        for (int gi = 0; gi < groups; gi++) {
            double gx = left + gi * groupWidth + groupWidth * 0.1;
            for (int vi = 0; vi < variants; vi++) {
                Summary s = p.values().get(gi).get(vi);
                if (s == null) {
                    continue;
                }
                int bx = (int) (gx + vi * barWidth);
                int bw = Math.max(2, (int) barWidth - 3);
                int by = bottom - (int) ((bottom - top) * s.median() / max);
                g.setColor(COLORS[vi % COLORS.length]);
                g.fillRect(bx, by, bw, bottom - by);
                g.setColor(Color.BLACK);
                g.setStroke(new BasicStroke(1.5f));
                int cx = bx + bw / 2;
                int yMin = bottom - (int) ((bottom - top) * s.min() / max);
                int yMax = bottom - (int) ((bottom - top) * s.max() / max);
                g.drawLine(cx, yMin, cx, yMax);
                g.drawLine(cx - 4, yMin, cx + 4, yMin);
                g.drawLine(cx - 4, yMax, cx + 4, yMax);
            }
            String label = p.groups().get(gi);
            int lw = g.getFontMetrics().stringWidth(label);
            g.drawString(label, (int) (left + gi * groupWidth + (groupWidth - lw) / 2),
                    bottom + 18);
        }
        int lx = left;
        int ly = bottom + 45;
        for (int vi = 0; vi < variants; vi++) {
            String name = p.variants().get(vi);
            int lw = g.getFontMetrics().stringWidth(name) + 30;
            if (lx + lw > right) {
                lx = left;
                ly += 18;
            }
            g.setColor(COLORS[vi % COLORS.length]);
            g.fillRect(lx, ly - 10, 12, 12);
            g.setColor(Color.BLACK);
            g.drawString(name, lx + 16, ly);
            lx += lw;
        }
    }

    private static double niceCeiling(double v) {
        double magnitude = Math.pow(10, Math.floor(Math.log10(v)));
        for (double step : new double[] {1, 1.2, 1.5, 2, 2.5, 3, 4, 5, 6, 8, 10}) {
            if (step * magnitude >= v) {
                return step * magnitude;
            }
        }
        return 10 * magnitude;
    }
}
