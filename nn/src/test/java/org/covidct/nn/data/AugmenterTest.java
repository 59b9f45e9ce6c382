package org.covidct.nn.data;

import org.covidct.nn.data.Augmenter.Transform;
import org.junit.jupiter.api.Test;

import java.util.Random;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

class AugmenterTest {

    private static final int ROWS = 7;
    private static final int COLUMNS = 10;

    private static float[] image() {
        Random r = new Random(3);
        float[] a = new float[ROWS * COLUMNS];
        for (int i = 0; i < a.length; i++) {
            a[i] = r.nextInt(5000);
        }
        return a;
    }

    @Test
    void identityParametersGiveTheImageBack() {
        float[] in = image();
        assertArrayEquals(in, Augmenter.apply(in, ROWS, COLUMNS, Transform.IDENTITY));
        // a zero-range augmenter draws the identity
        Augmenter none = Augmenter.builder().build();
        assertArrayEquals(in, none.augment(in, ROWS, COLUMNS, 1, 2, 3));
    }

    @Test
    void flipsAreExactReflections() {
        float[] in = image();
        float[] h = Augmenter.apply(in, ROWS, COLUMNS, new Transform(0, 0, 0, 0, 1, 1, true, false));
        float[] v = Augmenter.apply(in, ROWS, COLUMNS, new Transform(0, 0, 0, 0, 1, 1, false, true));
        for (int r = 0; r < ROWS; r++) {
            for (int c = 0; c < COLUMNS; c++) {
                assertEquals(in[r * COLUMNS + (COLUMNS - 1 - c)], h[r * COLUMNS + c]);
                assertEquals(in[(ROWS - 1 - r) * COLUMNS + c], v[r * COLUMNS + c]);
            }
        }
    }

    @Test
    void integerShiftReadsShiftedPixelsWithEdgeFill() {
        // Keras: input coordinate = output + (tx, ty); outside the image the edge pixel is repeated
        float[] in = image();
        float[] out = Augmenter.apply(in, ROWS, COLUMNS, new Transform(0, 2, -3, 0, 1, 1, false, false));
        for (int r = 0; r < ROWS; r++) {
            for (int c = 0; c < COLUMNS; c++) {
                int sr = Math.min(Math.max(r + 2, 0), ROWS - 1);
                int sc = Math.min(Math.max(c - 3, 0), COLUMNS - 1);
                assertEquals(in[sr * COLUMNS + sc], out[r * COLUMNS + c]);
            }
        }
    }

    @Test
    void rotationIsAboutKerasCentreAndBilinear() {
        // 90 degrees on a 9x9 image: input = o + R (out - o) with Keras' o = (9/2 + 0.5) = 5 on both axes,
        // so every sampled coordinate is an integer and the result is an exact permutation with edge fill
        int n = 9;
        float[] square = new float[n * n];
        for (int i = 0; i < square.length; i++) {
            square[i] = i * 3 + 1;
        }
        float[] out = Augmenter.apply(square, n, n, new Transform(90, 0, 0, 0, 1, 1, false, false));
        double o = n / 2.0 + 0.5;
        for (int r = 0; r < n; r++) {
            for (int c = 0; c < n; c++) {
                int sr = (int) Math.min(Math.max(o - (c - o), 0), n - 1); // cos 90 = 0, sin 90 = 1
                int sc = (int) Math.min(Math.max(o + (r - o), 0), n - 1);
                assertEquals(square[sr * n + sc], out[r * n + c], 1e-3, "at " + r + "," + c);
            }
        }
        double oColumn = COLUMNS / 2.0 + 0.5;
        // half-pixel zoom about the centre interpolates between neighbours
        float[] ramp = new float[ROWS * COLUMNS];
        for (int i = 0; i < ramp.length; i++) {
            ramp[i] = i % COLUMNS * 10f;
        }
        float[] zoomed = Augmenter.apply(ramp, ROWS, COLUMNS, new Transform(0, 0, 0, 0, 1, 0.5, false, false));
        // column c reads oColumn + 0.5 (c - oColumn); a linear ramp stays linear: value = 10 * that
        for (int c = 0; c < COLUMNS; c++) {
            assertEquals(10 * (oColumn + 0.5 * (c - oColumn)), zoomed[3 * COLUMNS + c], 1e-4);
        }
    }

    @Test
    void drawsAreDeterministicPerEpochAndIndexAndWithinRanges() {
        Augmenter paper = Augmenter.paper();
        float[] in = image();
        assertArrayEquals(paper.augment(in, ROWS, COLUMNS, 42, 3, 17), paper.augment(in, ROWS, COLUMNS, 42, 3, 17));
        assertFalse(paper.draw(42, 3, 17, 512, 512).equals(paper.draw(42, 3, 18, 512, 512)));
        assertFalse(paper.draw(42, 3, 17, 512, 512).equals(paper.draw(42, 4, 17, 512, 512)));
        int flips = 0;
        for (int i = 0; i < 2000; i++) {
            Transform t = paper.draw(7, 1, i, 512, 512);
            assertTrue(Math.abs(t.rotationDegrees()) <= 360);
            assertTrue(Math.abs(t.rowShift()) <= 0.05 * 512 && Math.abs(t.columnShift()) <= 0.05 * 512);
            assertTrue(Math.abs(t.shearDegrees()) <= 0.05);
            assertTrue(t.rowZoom() >= 0.95 && t.rowZoom() <= 1.05 && t.columnZoom() >= 0.95 && t.columnZoom() <= 1.05);
            flips += t.flipHorizontal() ? 1 : 0;
        }
        assertTrue(flips > 850 && flips < 1150, "about half flipped: " + flips);
    }
}
