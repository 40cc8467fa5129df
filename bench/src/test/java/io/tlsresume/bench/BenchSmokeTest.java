package io.tlsresume.bench;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.awt.image.BufferedImage;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The harness's smallest configuration ({@code --smoke}: one round, two nodes, items 1 and 2,
 * one-second samples) writes a sane CSV, Markdown table and PNG. A check of the harness, not a
 * benchmark: no figure is judged here beyond its range.
 */
class BenchSmokeTest {
    @Test
    void smokeRunWritesCsvMarkdownAndPlot(@TempDir Path dir) throws Exception {
        Path out = new Bench(Bench.Config.parse(new String[] {"--smoke", "--out",
                dir.toString()})).run();

        List<String> csv = Files.readAllLines(out.resolve("results.csv"));
        assertEquals("item,setup,variant,round,metric,value,unit", csv.get(0));
        assertTrue(csv.size() > 10, "rows: " + csv);
        for (String line : csv.subList(1, csv.size())) {
            // Split on commas outside quotes (labels such as "route check, ring off" are quoted).
            String[] f = line.split(",(?=(?:[^\"]*\"[^\"]*\")*[^\"]*$)", -1);
            assertEquals(7, f.length, line);
            double value = Double.parseDouble(f[5]);
            if (f[4].equals("resumed_share")) {
                assertTrue(value >= 0 && value <= 1, line);
            } else if (f[4].equals("idle_cpu_us_per_s")) {
                // /proc counts CPU in 10 ms ticks: idle JVMs may show none in a 1 s window.
                assertTrue(value >= 0 && Double.isFinite(value), line);
            } else {
                assertTrue(value > 0 && Double.isFinite(value), line);
            }
        }
        assertTrue(csv.stream().anyMatch(l -> l.startsWith("1-resumption-rate,")), "item 1");
        assertTrue(csv.stream().anyMatch(l -> l.contains(",cpu_us_per_handshake,")), "item 2");

        String md = Files.readString(out.resolve("results.md"));
        assertTrue(md.contains("## 1. Resumption rate") && md.contains("## 2. Server CPU"), md);
        assertTrue(md.contains("cores") && md.contains("JDK"), md);

        BufferedImage png = ImageIO.read(out.resolve("plot.png").toFile());
        assertEquals(1600, png.getWidth());
        assertTrue(png.getHeight() > 0);
    }
}
