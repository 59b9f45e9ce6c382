package org.covidct.app;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import javax.imageio.ImageIO;
import java.awt.image.BufferedImage;
import java.nio.file.Files;
import java.nio.file.Path;

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
        // the real series: 148 slices, every 30th gives 5 tiles in 2 rows of 3, below a title strip
        assertEquals(22 + 2 * 64 + 2, img.getHeight());
        assertTrue(img.getWidth() > 2 * 3 * 64, "two sheets side by side: " + img.getWidth());
        // lung window: the real lungs are dark, the body wall bright
        int[] hist = new int[256];
        for (int y = 0; y < img.getHeight(); y++) {
            for (int x = 0; x < img.getWidth(); x++) {
                hist[img.getRaster().getSample(x, y, 0)]++;
            }
        }
        int dark = 0;
        int bright = 0;
        for (int g = 0; g < 256; g++) {
            dark += g < 60 ? hist[g] : 0;
            bright += g > 200 ? hist[g] : 0;
        }
        assertTrue(dark > 0 && bright > 0);
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
