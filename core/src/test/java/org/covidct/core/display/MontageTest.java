package org.covidct.core.display;

import org.covidct.core.image.CtSlice;
import org.junit.jupiter.api.Test;

import java.awt.image.BufferedImage;
import java.util.Arrays;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Montage tiles are block means of the slice through the window, rounded; sheets place tiles in rows with
 * 2-pixel black gaps under a 22-pixel title band; sheets go side by side 8 pixels apart. Expected pixels are
 * worked out by hand in each test.
 */
class MontageTest {

    private static int[] pixels(BufferedImage img) {
        return img.getRaster().getPixels(0, 0, img.getWidth(), img.getHeight(), (int[]) null);
    }

    /** A gray image of one value. */
    private static BufferedImage flat(int w, int h, int gray) {
        BufferedImage img = new BufferedImage(w, h, BufferedImage.TYPE_BYTE_GRAY);
        int[] v = new int[w * h];
        Arrays.fill(v, gray);
        img.getRaster().setPixels(0, 0, w, h, v);
        return img;
    }

    @Test
    void aTileIsTheRoundedMeanOfEachBlock() {
        // 4x2, maximum 255, so the max window maps a mean m to round(m / 255 * 255) = m
        CtSlice s = new CtSlice(4, 2, new short[] {10, 20, 30, 255, 40, 51, 70, 100}, "s");
        BufferedImage t = Montage.windowed(s, DisplayWindow.sliceMax(), 2);
        assertEquals(2, t.getWidth());
        assertEquals(1, t.getHeight());   // height 2 * 2 / 4
        // (10 + 20 + 40 + 51) / 4 = 30.25 -> 30; (30 + 255 + 70 + 100) / 4 = 113.75 -> 114
        assertEquals(List.of(30, 114), Arrays.stream(pixels(t)).boxed().toList());
    }

    @Test
    void aTallSliceKeepsItsAspectAndATileWiderThanTheSliceIsTheSlice() {
        short[] v = {0, 2, 4, 6, 8, 10, 12, 14, 16, 18, 20, 255};   // 2 wide, 6 tall
        CtSlice tall = new CtSlice(2, 6, v, "tall");
        BufferedImage t = Montage.windowed(tall, DisplayWindow.sliceMax(), 1);
        assertEquals(1, t.getWidth());
        assertEquals(3, t.getHeight());
        // blocks of rows 0-1, 2-3, 4-5: (0+2+4+6)/4 = 3, (8+10+12+14)/4 = 11, (16+18+20+255)/4 = 77.25 -> 77
        assertEquals(List.of(3, 11, 77), Arrays.stream(pixels(t)).boxed().toList());
        BufferedImage same = Montage.windowed(tall, DisplayWindow.sliceMax(), 64);
        assertEquals(2, same.getWidth());
        assertEquals(6, same.getHeight());
        int[] expected = new int[v.length];
        for (int i = 0; i < v.length; i++) {
            expected[i] = v[i];
        }
        assertEquals(Arrays.toString(expected), Arrays.toString(pixels(same)));
    }

    @Test
    void hounsfieldWindowsIgnoreTheSliceMaximum() {
        // W400/L40: HU -160 and below black, above 239.5 white; value = HU + 1024
        CtSlice s = new CtSlice(3, 1, new short[] {1024 - 160, 1024 + 240, 1024 + 40}, "s");
        BufferedImage t = Montage.windowed(s, DisplayWindow.MEDIASTINUM, 3);
        // HU 40: ((40 - 39.5) / 399 + 0.5) * 255 = 127.82 -> 128
        assertEquals(List.of(0, 255, 128), Arrays.stream(pixels(t)).boxed().toList());
    }

    @Test
    void sheetsPlaceTilesInRowsWithTwoPixelGaps() {
        BufferedImage sheet = Montage.sheet(List.of(flat(3, 2, 50), flat(3, 2, 100), flat(2, 1, 150)), null, 2, null);
        assertEquals(2 * (3 + 2) - 2, sheet.getWidth());
        assertEquals(2 * (2 + 2) - 2, sheet.getHeight());
        int[] p = pixels(sheet);
        int w = sheet.getWidth();
        int[] expected = new int[p.length];
        for (int y = 0; y < 2; y++) {
            for (int x = 0; x < 3; x++) {
                expected[y * w + x] = 50;
                expected[y * w + 5 + x] = 100;
            }
        }
        expected[4 * w] = 150;
        expected[4 * w + 1] = 150;
        assertEquals(Arrays.toString(expected), Arrays.toString(p));
    }

    @Test
    void aTitleBandAndLabelsAreDrawnAboveAndOnTheTiles() {
        BufferedImage sheet = Montage.sheet(List.of(flat(60, 40, 100), flat(60, 40, 100)),
                Arrays.asList("IM7", null), 2, "P001 SR_2");
        assertEquals(2 * 62 - 2, sheet.getWidth());
        assertEquals(22 + 40, sheet.getHeight());
        int[] p = pixels(sheet);
        int w = sheet.getWidth();
        int whiteInTitle = 0;
        for (int i = 0; i < 22 * w; i++) {
            whiteInTitle += p[i] > 200 ? 1 : 0;
        }
        assertTrue(whiteInTitle > 10, "the title is written: " + whiteInTitle);
        // the label's box on the first tile: black background with white text in its 15 rows
        int white = 0;
        int black = 0;
        for (int y = 22; y < 22 + 15; y++) {
            for (int x = 0; x < 20; x++) {
                white += p[y * w + x] > 200 ? 1 : 0;
                black += p[y * w + x] == 0 ? 1 : 0;
            }
        }
        assertTrue(white > 5 && black > 50, white + " white, " + black + " black");
        // below the label, and all of the unlabelled tile, keep the tile's gray
        for (int y = 22 + 15; y < 62; y++) {
            assertEquals(100, p[y * w + 2]);
        }
        for (int y = 22; y < 62; y++) {
            for (int x = 62; x < 122; x++) {
                assertEquals(100, p[y * w + x]);
            }
        }
    }

    @Test
    void sheetsGoSideBySideEightPixelsApart() {
        BufferedImage both = Montage.beside(List.of(flat(3, 2, 50), flat(2, 4, 90)));
        assertEquals(3 + 8 + 2, both.getWidth());
        assertEquals(4, both.getHeight());
        int[] p = pixels(both);
        int w = both.getWidth();
        for (int y = 0; y < 4; y++) {
            for (int x = 0; x < w; x++) {
                int expected = x < 3 ? (y < 2 ? 50 : 0) : x >= 11 ? 90 : 0;
                assertEquals(expected, p[y * w + x], "pixel " + x + "," + y);
            }
        }
    }
}
