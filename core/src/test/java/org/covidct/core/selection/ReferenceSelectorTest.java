package org.covidct.core.selection;

import org.covidct.core.CovidctException;
import org.covidct.core.image.CtSlice;
import org.covidct.core.load.SeriesLoader;
import org.covidct.core.load.TiffSeries;
import org.covidct.core.series.Series;
import org.covidct.core.tiff.TiffSlices;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.awt.Rectangle;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.Random;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class ReferenceSelectorTest {

    @TempDir
    Path tmp;

    /**
     * A slice whose window holds exactly {@code dark} values below 300, placed at random; the window's
     * other values are 300 (not dark: the rule is strictly below) and everything outside the window is
     * air (0), which must not count.
     */
    static CtSlice sliceWithDarkCount(int width, int height, int dark, Random rnd) {
        Rectangle win = SelectionWindow.forSize(width, height);
        short[] v = new short[width * height];
        int[] cells = new int[win.width * win.height];
        for (int i = 0; i < cells.length; i++) {
            cells[i] = i;
        }
        for (int i = cells.length - 1; i > 0; i--) {
            int j = rnd.nextInt(i + 1);
            int t = cells[i];
            cells[i] = cells[j];
            cells[j] = t;
        }
        for (int i = 0; i < cells.length; i++) {
            int x = win.x + cells[i] % win.width;
            int y = win.y + cells[i] / win.width;
            v[y * width + x] = (short) (i < dark ? rnd.nextInt(300) : 300 + rnd.nextInt(3000));
        }
        return new CtSlice(width, height, v, "synthetic");
    }

    Series writeSeries(Path dir, int width, int height, int[] darkCounts, long seed) {
        Random rnd = new Random(seed);
        for (int i = 0; i < darkCounts.length; i++) {
            TiffSlices.write(dir.resolve(String.format("IM%05d.tif", i + 1)),
                    sliceWithDarkCount(width, height, darkCounts[i], rnd), TiffSlices.Compression.LZW);
        }
        return SeriesLoader.open(dir);
    }

    @Test
    void thresholdDoesNotAddTheMinimumBackAndKeepsOnlyStrictlyGreater() {
        int[] counts = {30, 1999, 2000, 2001, 3030, 31};
        Series s = writeSeries(tmp.resolve("SR_2"), 512, 512, counts, 1);
        SeriesSelection sel = new ReferenceSelector().select(s);
        assertEquals(2000.0, sel.threshold());
        assertArrayEquals(counts, sel.darkCounts());
        boolean[] kept = new boolean[counts.length];
        for (int i = 0; i < kept.length; i++) {
            kept[i] = sel.slices().get(i).selected();
        }
        assertArrayEquals(new boolean[] {false, false, false, true, true, false}, kept);
        assertEquals(2, sel.keptCount());
        assertEquals(List.of("IM00004.tif", "IM00005.tif"), sel.kept().stream().map(x -> x.name()).toList());
        assertEquals("IM00001.tif", sel.slices().get(0).file());
    }

    @Test
    void thresholdArithmetic() {
        assertEquals(2000.0, ReferenceSelector.threshold(new int[] {3030, 30}));
        assertEquals(0.0, ReferenceSelector.threshold(new int[] {7, 7, 7}));
        assertEquals(25000 / 1.5, ReferenceSelector.threshold(new int[] {0, 25000, 12}));
    }

    @Test
    void realSlicesGiveThePublishedDarkCounts() throws IOException {
        Path dir = RealData.dir("covid-ctset-format");
        int checked = 0;
        for (String line : Files.readAllLines(dir.resolve("EXPECTED.md"))) {
            String[] c = line.split("\\|");
            if (c.length > 7 && c[1].trim().endsWith(".tif")) {
                Path f = dir.resolve(c[1].trim());
                int expected = Integer.parseInt(c[7].trim());
                assertEquals(expected, ReferenceSelector.countDark(TiffSlices.readRegion(f, new Rectangle(120, 240, 250, 100))),
                        f.toString());
                assertEquals(expected, ReferenceSelector.darkCount(TiffSeries.source(f), 512, 512), f.toString());
                checked++;
            }
        }
        assertEquals(5, checked);
    }

    @Test
    void windowScalesWithTheSliceAndIs240To339By120To369At512() {
        assertEquals(new Rectangle(120, 240, 250, 100), SelectionWindow.forSize(512, 512));
        assertEquals(new Rectangle(60, 120, 125, 50), SelectionWindow.forSize(256, 256));
        assertEquals(new Rectangle(240, 480, 500, 200), SelectionWindow.forSize(1024, 1024));
        // 100 x 80: columns round(23.4)=23 .. round(72.3)=72, rows round(37.5)=38 .. round(53.1)=53
        assertEquals(new Rectangle(23, 38, 49, 15), SelectionWindow.forSize(100, 80));
    }

    @Test
    void otherSizesUseTheScaledWindowExactly() {
        Path dir = tmp.resolve("small");
        Random rnd = new Random(2);
        // dark pixels on the scaled window's four corners count; their outside neighbours do not
        short[] v = new short[256 * 256];
        Arrays.fill(v, (short) 1000);
        int[][] inside = {{60, 120}, {184, 120}, {60, 169}, {184, 169}};
        int[][] outside = {{59, 120}, {185, 120}, {60, 119}, {184, 170}};
        for (int[] p : inside) {
            v[p[1] * 256 + p[0]] = 5;
        }
        for (int[] p : outside) {
            v[p[1] * 256 + p[0]] = 5;
        }
        TiffSlices.write(dir.resolve("a.tif"), new CtSlice(256, 256, v, "corners"), TiffSlices.Compression.DEFLATE);
        TiffSlices.write(dir.resolve("b.tif"), sliceWithDarkCount(256, 256, 1000, rnd), TiffSlices.Compression.NONE);
        SeriesSelection sel = new ReferenceSelector().select(SeriesLoader.open(dir));
        assertArrayEquals(new int[] {4, 1000}, sel.darkCounts());
        assertEquals(996 / 1.5, sel.threshold());
    }

    @Test
    void aSeriesMixingSizesIsAOneLineErrorNamingTheFile() {
        Path dir = tmp.resolve("mixed");
        Random rnd = new Random(3);
        TiffSlices.write(dir.resolve("IM1.tif"), sliceWithDarkCount(512, 512, 10, rnd), TiffSlices.Compression.LZW);
        TiffSlices.write(dir.resolve("IM2.tif"), sliceWithDarkCount(256, 256, 10, rnd), TiffSlices.Compression.LZW);
        CovidctException e = assertThrows(CovidctException.class, () -> new ReferenceSelector().select(SeriesLoader.open(dir)));
        assertTrue(e.getMessage().contains("IM2.tif") && e.getMessage().contains("256x256"), e.getMessage());
        assertFalse(e.getMessage().contains("\n"));
    }

    @Test
    void aSliceTooSmallForTheScaledWindowIsJudgedOnOnePixel() {
        // at 1 x 1 the scaled window rounds to nothing; it is widened to the one pixel there is
        assertEquals(new Rectangle(0, 0, 1, 1), SelectionWindow.forSize(1, 1));
        Path dir = tmp.resolve("tiny");
        TiffSlices.write(dir.resolve("IM1.tif"), new CtSlice(1, 1, new short[] {299}, "t"), TiffSlices.Compression.NONE);
        TiffSlices.write(dir.resolve("IM2.tif"), new CtSlice(1, 1, new short[] {300}, "t"), TiffSlices.Compression.NONE);
        SeriesSelection sel = new ReferenceSelector().select(SeriesLoader.open(dir));
        assertArrayEquals(new int[] {1, 0}, sel.darkCounts());
        assertEquals(1 / 1.5, sel.threshold());
        assertEquals(List.of("IM1.tif"), sel.kept().stream().map(x -> x.name()).toList());
    }
}
