package org.covidct.core.lung;

import org.covidct.core.image.CtSlice;
import org.junit.jupiter.api.Test;

import java.util.Random;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * A drawn slice: air around a body ellipse of soft tissue (+40 HU), two lung ellipses (-850 HU) each 60 x 90 px,
 * a ground-glass lesion (-500 HU) against the pleura of the patient's right lung, a vessel (+40 HU) inside the
 * left lung, a small airway (-1000 HU, 10 px across) and a large gas bubble (-1000 HU) below the lungs.
 */
class LungSegmentationTest {

    static final int N = 256;
    static final double SPACING = 1.25;

    static boolean inEllipse(int x, int y, double cx, double cy, double a, double b) {
        double dx = (x + 0.5 - cx) / a;
        double dy = (y + 0.5 - cy) / b;
        return dx * dx + dy * dy <= 1;
    }

    static CtSlice drawn(boolean withLesion) {
        short[] v = new short[N * N];
        Random noise = new Random(5);
        for (int y = 0; y < N; y++) {
            for (int x = 0; x < N; x++) {
                int hu = -1000;
                if (inEllipse(x, y, 128, 128, 115, 95)) {
                    hu = 40;
                }
                if (inEllipse(x, y, 80, 115, 30, 45) || inEllipse(x, y, 176, 115, 30, 45)) {
                    hu = -850;
                }
                if (inEllipse(x, y, 176, 115, 3, 3)) {
                    hu = 40; // a vessel seen end-on
                }
                if (withLesion && inEllipse(x, y, 56, 130, 9, 12)) {
                    hu = -500; // ground glass against the lateral pleura of the right lung
                }
                if (inEllipse(x, y, 128, 100, 5, 5)) {
                    hu = -1000; // trachea
                }
                if (inEllipse(x, y, 128, 190, 22, 10)) {
                    hu = -1000; // stomach gas
                }
                v[y * N + x] = (short) Math.max(0, hu + 1024 + noise.nextInt(21) - 10);
            }
        }
        return new CtSlice(N, N, v, "drawn");
    }

    @Test
    void lungsIncludeWhatLiesInsideThemAndNothingElse() {
        LungMask m = LungSegmentation.of(drawn(true), SPACING);
        // two ellipses of 30 x 45 px: pi a b each, 1.25 mm pixels
        double expectedCm2 = 2 * Math.PI * 30 * 45 * SPACING * SPACING / 100;
        assertEquals(expectedCm2, m.areaCm2(), 0.04 * expectedCm2);
        assertTrue(m.lungs().get(176, 115), "the vessel inside the left lung belongs to it");
        assertTrue(m.lungs().get(58, 130), "the lesion inside the right lung belongs to it");
        assertFalse(m.lungs().get(128, 100), "trachea: air, but too small to be lung");
        assertFalse(m.lungs().get(128, 190), "stomach gas: large, but nearly pure air");
        assertFalse(m.lungs().get(5, 5), "outside the body");
        assertFalse(m.lungs().get(128, 150), "mediastinum between the lungs");
        assertTrue(m.body().get(128, 128));
        assertFalse(m.body().get(2, 128));
        assertEquals(128.0, m.midlineX(), 0.5);
    }

    @Test
    void theImagesRightIsThePatientsLeft() {
        LungMask m = LungSegmentation.of(drawn(false), SPACING);
        assertEquals(LungSide.RIGHT, m.sideAt(80, 115));
        assertEquals(LungSide.LEFT, m.sideAt(176, 100));
        assertNull(m.sideAt(128, 150));
    }

    @Test
    void depthIsTheDistanceToThePleuraInMillimetres() {
        LungMask m = LungSegmentation.of(drawn(false), SPACING);
        float[] depth = m.depthMm();
        // centre of the right lung: 30 px to the lateral border along x, 45 along y
        assertEquals(30 * SPACING, depth[115 * N + 80], 2 * SPACING);
        assertEquals(0f, depth[5 * N + 5]);
        // the outermost lung cell of the row (the ellipse spans x + 0.5 in [50, 110]) is one pixel deep
        assertEquals(SPACING, depth[115 * N + 50], 1e-4);
        assertEquals(2 * SPACING, depth[115 * N + 51], 1e-4);
    }

    @Test
    void spacingScalesTheSizeRules() {
        // the same drawing read as 0.25 mm pixels: each lung is pi 30 45 px = 2.65 cm^2, below the 3 cm^2 of a lung
        LungMask tiny = LungSegmentation.of(drawn(false), 0.25);
        assertEquals(0, tiny.lungs().count());
    }
}
