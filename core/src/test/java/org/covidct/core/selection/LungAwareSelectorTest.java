package org.covidct.core.selection;

import org.covidct.core.image.CtSlice;
import org.covidct.core.load.SeriesLoader;
import org.covidct.core.tiff.TiffSlices;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.util.Arrays;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

class LungAwareSelectorTest {

    @TempDir
    Path tmp;

    /** Air everywhere, a body (1000) of the given box, and a dark "lung" box inside it. */
    static CtSlice body(int w, int h, int bx0, int by0, int bx1, int by1, int lx0, int ly0, int lx1, int ly1) {
        short[] v = new short[w * h];
        for (int y = by0; y < by1; y++) {
            Arrays.fill(v, y * w + bx0, y * w + bx1, (short) 1000);
        }
        for (int y = ly0; y < ly1; y++) {
            Arrays.fill(v, y * w + lx0, y * w + lx1, (short) 100);
        }
        return new CtSlice(w, h, v, "synthetic");
    }

    @Test
    void countsOnlyAirEnclosedByTheBody() {
        // 20 x 10 lung inside a body: 200 enclosed; the 64 x 64 image's outside air does not count
        assertEquals(200, LungAwareSelector.enclosedAir(body(64, 64, 10, 10, 50, 50, 20, 20, 40, 30)));
        // the same lung opened to the outside air through a gap in the body wall no longer counts
        CtSlice open = body(64, 64, 10, 10, 50, 50, 20, 20, 40, 30);
        for (int y = 10; y < 20; y++) {
            open.values()[y * 64 + 25] = 0;
        }
        assertEquals(0, LungAwareSelector.enclosedAir(open));
        // a value of exactly 300 is not dark
        CtSlice edge = body(64, 64, 10, 10, 50, 50, 20, 20, 21, 21);
        edge.values()[20 * 64 + 20] = 300;
        assertEquals(0, LungAwareSelector.enclosedAir(edge));
        edge.values()[20 * 64 + 20] = 299;
        assertEquals(1, LungAwareSelector.enclosedAir(edge));
    }

    @Test
    void keepsSlicesAboveTheFractionOfTheSeriesMaximumStrictly() {
        int[][] lungs = {{0, 0}, {10, 10}, {20, 20}, {20, 10}, {9, 10}};  // areas 0, 100, 400, 200, 90
        for (int i = 0; i < lungs.length; i++) {
            TiffSlices.write(tmp.resolve("IM" + i + ".tif"),
                    body(96, 96, 10, 10, 80, 80, 20, 20, 20 + lungs[i][0], 20 + lungs[i][1]), TiffSlices.Compression.DEFLATE);
        }
        SeriesSelection sel = new LungAwareSelector(0.5).select(SeriesLoader.open(tmp));
        assertArrayEquals(new int[] {0, 100, 400, 200, 90}, sel.darkCounts());
        assertEquals(200.0, sel.threshold());
        assertEquals(1, sel.keptCount(), "200 is not strictly greater than 0.5 x 400");
        assertEquals("IM2.tif", sel.kept().get(0).name());
        assertEquals("lung-aware", new LungAwareSelector().name());
        assertThrows(IllegalArgumentException.class, () -> new LungAwareSelector(1.0));
    }

    /**
     * A drawn sweep with the shape of a chest: enclosed air of 1,600 pixels at mid level, the tapering base at 30%
     * and 44% of it (a lower-lobe slice at the diaphragm), gut gas at 15% and 20% below the lungs, an airway of 1%
     * above them. The default fraction (a quarter) keeps the bases that 0.45 dropped and none of the gut gas.
     */
    @Test
    void defaultFractionKeepsTheTaperingBasesButNotGutGasBelowThem() {
        // lung box sides: areas 16 (airway), 1600, 704 (44%), 480 (30%), 320 (20%), 240 (15%)
        int[][] boxes = {{4, 4}, {40, 40}, {32, 22}, {24, 20}, {20, 16}, {16, 15}};
        for (int i = 0; i < boxes.length; i++) {
            TiffSlices.write(tmp.resolve("IM" + i + ".tif"),
                    body(96, 96, 10, 10, 80, 80, 20, 20, 20 + boxes[i][0], 20 + boxes[i][1]), TiffSlices.Compression.DEFLATE);
        }
        SeriesSelection sel = new LungAwareSelector().select(SeriesLoader.open(tmp));
        assertArrayEquals(new int[] {16, 1600, 704, 480, 320, 240}, sel.darkCounts());
        assertEquals(400.0, sel.threshold(), 1e-9);
        boolean[] kept = new boolean[boxes.length];
        for (int i = 0; i < kept.length; i++) {
            kept[i] = sel.slices().get(i).selected();
        }
        assertArrayEquals(new boolean[] {false, true, true, true, false, false}, kept);
        assertEquals(1, new LungAwareSelector(0.45).select(SeriesLoader.open(tmp)).keptCount(),
                "the old fraction drops both bases (704 and 480 are not above 720)");
    }
}
