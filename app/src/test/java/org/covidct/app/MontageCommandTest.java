package org.covidct.app;

import org.covidct.core.image.CtSlice;
import org.covidct.core.load.SeriesLoader;
import org.covidct.core.series.Series;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import javax.imageio.ImageIO;
import java.awt.image.BufferedImage;
import java.nio.file.Files;
import java.nio.file.Path;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

class MontageCommandTest {

    @TempDir
    Path tmp;

    @Test
    void phantomSweepBesideTheRealDicomSweep() throws Exception {
        Path synth = tmp.resolve("synth");
        assertEquals(0, CliRun.of("synth", "--out", synth.toString(), "--patients", "1", "--phantom-size", "64",
                "--thickness", "6,6,6", "-q").exit());
        Path real = SelectCommandTest.shared().resolve("data/real/covid-ct-md/covid/P001");
        Path png = tmp.resolve("m.png");
        CliRun run = CliRun.of("montage", synth.resolve("full/synthnormal/patient1/SR_2").toString(), real.toString(),
                "--out", png.toString(), "--every", "30", "--tile", "64", "--columns", "3");
        assertEquals(0, run.exit(), run.err());
        BufferedImage img = ImageIO.read(png.toFile());
        // a sheet is 3 columns of 64 px tiles 2 px apart (196 px), the two sheets 8 px apart; the real series,
        // 148 slices, every 30th, gives 5 tiles in 2 rows of 3 below a 22 px title strip
        assertEquals(196 + 8 + 196, img.getWidth());
        assertEquals(22 + 2 * 64 + 2, img.getHeight());
        assertTiles(img, 0, SeriesLoader.open(synth.resolve("full/synthnormal/patient1/SR_2")));
        Series realSeries = SeriesLoader.open(real);
        assertEquals(148, realSeries.size());
        assertTiles(img, 196 + 8, realSeries);
    }

    /**
     * The tiles of the sheet at {@code left}: slice 1, 31, 61... of the sweep, each pixel the lung-window grey
     * (DICOM linear function, W1500/L-600) of the mean of its 8 x 8 block; rows under the label box only.
     */
    private static void assertTiles(BufferedImage sheet, int left, Series series) {
        int tiles = 0;
        for (int pick = 0; pick < series.size(); pick += 30, tiles++) {
            CtSlice s = series.slices().get(pick).read();
            int block = s.width() / 64;
            int x0 = left + (tiles % 3) * 66;
            int y0 = 22 + (tiles / 3) * 66;
            int[] expected = new int[48 * 64];
            for (int ty = 16; ty < 64; ty++) {
                for (int tx = 0; tx < 64; tx++) {
                    long sum = 0;
                    for (int y = ty * block; y < (ty + 1) * block; y++) {
                        for (int x = tx * block; x < (tx + 1) * block; x++) {
                            sum += s.values()[y * s.width() + x] & 0xFFFF;
                        }
                    }
                    double hu = Math.round(sum / (double) (block * block)) - 1024;
                    expected[(ty - 16) * 64 + tx] = hu <= -1350 ? 0 : hu > 149 ? 255
                            : (int) Math.round(((hu + 600.5) / 1499 + 0.5) * 255);
                }
            }
            assertArrayEquals(expected, sheet.getRaster().getSamples(x0, y0 + 16, 64, 48, 0, (int[]) null),
                    series.dir() + " slice " + (pick + 1));
            // lung window: dark lungs and a bright body wall in each tile of the real sweep's middle
            if (pick > 0 && pick < 120 && series.size() == 148) {
                assertTrue(java.util.Arrays.stream(expected).anyMatch(g -> g < 60), "slice " + (pick + 1));
                assertTrue(java.util.Arrays.stream(expected).anyMatch(g -> g > 200), "slice " + (pick + 1));
            }
        }
        assertTrue(tiles >= 1);
    }

    @Test
    void anEmptyFolderIsAOneLineError() throws Exception {
        Path empty = Files.createDirectories(tmp.resolve("empty"));
        Path png = tmp.resolve("m.png");
        CliRun run = CliRun.of("montage", empty.toString(), "--out", png.toString());
        assertEquals(2, run.exit());
        assertTrue(run.err().startsWith("covidct: error: " + empty), run.err());
        assertFalse(Files.exists(png));
    }
}
