package org.covidct.core.lung;

import org.covidct.core.image.CtSlice;
import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** On {@link DrawnChest}'s slice, whose geometry is known exactly. */
class LungSegmentationTest {

    static final int N = DrawnChest.N;
    static final double SPACING = DrawnChest.SPACING;

    static CtSlice drawn(boolean withLesion) {
        return DrawnChest.slice(withLesion);
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
