package org.covidct.core.lesion;

import org.covidct.core.image.CtSlice;
import org.covidct.core.lung.DrawnChest;
import org.covidct.core.lung.LungMask;
import org.covidct.core.lung.LungSegmentation;
import org.covidct.core.lung.LungSide;
import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Random;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** On the drawn chest: lungs at -850 HU (HU + 1024 = 174), soft tissue at +40 HU, a vessel at +40 HU in the left lung. */
class FindingSynthesizerTest {

    static final CtSlice CLEAN = DrawnChest.slice(false);
    static final LungMask LUNGS = LungSegmentation.of(CLEAN, DrawnChest.SPACING);

    static LungCanvas canvas() {
        return new LungCanvas(CLEAN, LUNGS);
    }

    static int hu(CtSlice s, int x, int y) {
        return s.get(x, y) - 1024;
    }

    @Test
    void groundGlassRaisesLungIntoTheGroundGlassRangeInsideItsMaskOnly() {
        FindingSynthesizer syn = FindingSynthesizer.builder().optSizeMm(10, 12).optGroundGlassHu(-600, -500).build();
        boolean[] rim = LUNGS.lungs().dilate(2).cells();
        boolean[] near = LUNGS.lungs().dilate(12).cells();
        for (long seed = 1; seed <= 5; seed++) {
            LungCanvas c = canvas();
            Finding f = syn.lesion(c, new Random(seed), FindingKind.GROUND_GLASS);
            CtSlice out = c.toSlice("gg");
            boolean[] mask = c.lesionMask().cells();
            int inMask = 0;
            double sum = 0;
            for (int y = 0; y < DrawnChest.N; y++) {
                for (int x = 0; x < DrawnChest.N; x++) {
                    int k = y * DrawnChest.N + x;
                    if (mask[k]) {
                        assertTrue(rim[k], "lesion cell outside the lungs' rim at " + x + "," + y);
                        inMask++;
                        sum += hu(out, x, y);
                    } else if (!near[k]) {
                        assertEquals(CLEAN.get(x, y), out.get(x, y), "changed far outside the lungs at " + x + "," + y);
                    }
                }
            }
            assertEquals(f.pixels(), inMask);
            assertTrue(inMask > 30, "seed " + seed + ": " + inMask + " lesion cells");
            double mean = sum / inMask;
            // the weight is >= 0.3 on the mask: the mean lies between lung and the level (+-45 HU texture)
            assertTrue(mean > -850 + 0.3 * (-600 + 850) - 60 && mean < -500 + 60, "seed " + seed + ": mean " + mean);
            assertTrue(f.x() >= 0 && f.levelHu() >= -600 && f.levelHu() <= -500);
        }
    }

    @Test
    void aVesselDenserThanTheGroundGlassShowsThroughIt() {
        // many lesions on the left lung's vessel region: the vessel (+40 HU) is never lowered
        FindingSynthesizer syn = FindingSynthesizer.builder().optSizeMm(20, 25).build();
        for (long seed = 1; seed <= 10; seed++) {
            LungCanvas c = canvas();
            syn.covidPattern(c, new Random(seed), 4);
            CtSlice out = c.toSlice("v");
            assertTrue(hu(out, 176, 115) >= hu(CLEAN, 176, 115), "seed " + seed);
        }
    }

    @Test
    void theSameSeedDrawsTheSameFindings() {
        LungCanvas a = canvas();
        LungCanvas b = canvas();
        List<Finding> fa = FindingSynthesizer.standard().covidPattern(a, new Random(3), 3);
        List<Finding> fb = FindingSynthesizer.standard().covidPattern(b, new Random(3), 3);
        assertEquals(fa, fb);
        assertArrayEquals(a.toSlice("a").values(), b.toSlice("b").values());
        LungCanvas c = canvas();
        FindingSynthesizer.standard().covidPattern(c, new Random(4), 3);
        assertFalse(java.util.Arrays.equals(a.toSlice("a").values(), c.toSlice("c").values()));
    }

    @Test
    void lesionsSitMostlyBelowThePleuraAndPosteriorly() {
        // depth weight exp(-d / 6..20 mm) and posterior weight: over 200 draws, most centres lie within 10 mm
        // of the pleura and below the lungs' middle row (y = 115)
        FindingSynthesizer syn = FindingSynthesizer.standard();
        int shallow = 0;
        int posterior = 0;
        Random rng = new Random(11);
        float[] depth = LUNGS.depthMm();
        for (int i = 0; i < 200; i++) {
            Finding f = syn.lesion(canvas(), rng, FindingKind.GROUND_GLASS);
            int k = (int) f.y() * DrawnChest.N + (int) f.x();
            shallow += depth[k] <= 10 ? 1 : 0;
            posterior += f.y() > 115 ? 1 : 0;
        }
        assertTrue(shallow > 120, "within 10 mm of the pleura: " + shallow);
        assertTrue(posterior > 110, "posterior: " + posterior);
    }

    @Test
    void lookAlikesAddDensityButNoLesionMask() {
        LungCanvas c = canvas();
        Random rng = new Random(2);
        assertNotNull(FindingSynthesizer.standard().dependentDensity(c, rng));
        assertNotNull(FindingSynthesizer.standard().atelectasisBand(c, rng));
        assertEquals(0, c.lesionMask().count());
        CtSlice out = c.toSlice("d");
        // the dependent rise: the lowest lung row of the right lung (y = 159) is denser than before, the top one not
        assertTrue(hu(out, 80, 158) > hu(CLEAN, 80, 158), "posterior pleura");
        assertEquals(hu(CLEAN, 80, 71), hu(out, 80, 71), "anterior pleura untouched");
    }

    @Test
    void lobarConsolidationFillsPartOfOneLungDensely() {
        for (long seed = 1; seed <= 6; seed++) {
            LungCanvas c = canvas();
            Finding f = FindingSynthesizer.standard().lobarConsolidation(c, new Random(seed));
            CtSlice out = c.toSlice("l");
            int dense = 0;
            int denseLeft = 0;
            int lungCells = 0;
            for (int y = 0; y < DrawnChest.N; y++) {
                for (int x = 0; x < DrawnChest.N; x++) {
                    LungSide side = LUNGS.sideAt(x, y);
                    if (side == null) {
                        continue;
                    }
                    lungCells++;
                    if (hu(out, x, y) > -200 && hu(CLEAN, x, y) < -700) {
                        dense++;
                        denseLeft += side == LungSide.LEFT ? 1 : 0;
                    }
                }
            }
            assertTrue(denseLeft == 0 || denseLeft == dense, "seed " + seed + ": both lungs consolidated");
            double share = (double) dense / (lungCells / 2.0);
            assertTrue(share > 0.12 && share < 0.5, "seed " + seed + ": share of one lung " + share);
            assertEquals(FindingKind.LOBAR_CONSOLIDATION, f.kind());
            assertFalse(f.kind().covidPattern());
            assertEquals(0, c.lesionMask().count(), "not a COVID lesion");
        }
    }

    @Test
    void onlyCovidPatternKindsAreLesions() {
        assertThrows(IllegalArgumentException.class,
                () -> FindingSynthesizer.standard().lesion(canvas(), new Random(1), FindingKind.ATELECTASIS_BAND));
        assertThrows(IllegalArgumentException.class, () -> FindingSynthesizer.builder().optSizeMm(5, 4));
        assertThrows(IllegalArgumentException.class, () -> FindingSynthesizer.builder().optGroundGlassHu(-200, -300));
    }

    /**
     * The default ground-glass levels span the literature's ground-glass range up to its upper edge, -300 HU (the
     * real infected slices' excess density reaches it, docs/PHANTOMS.md calibration), and never reach consolidation.
     */
    @Test
    void defaultGroundGlassLevelsSpanMinus720ToMinus300() {
        double lowest = 0;
        double highest = -1000;
        for (int seed = 0; seed < 200; seed++) {
            Finding f = FindingSynthesizer.standard().lesion(canvas(), new Random(seed), FindingKind.GROUND_GLASS);
            lowest = Math.min(lowest, f.levelHu());
            highest = Math.max(highest, f.levelHu());
        }
        assertTrue(lowest >= -720 && lowest < -700, "lowest level " + lowest);
        assertTrue(highest <= -300 && highest > -320, "highest level " + highest);
    }
}
