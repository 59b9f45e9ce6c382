package org.covidct.core.phantom;

import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import java.util.function.ToDoubleFunction;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The chest of docs/PHANTOMS.md ("What a phantom contains") and of Anatomy's Javadoc, patient by patient:
 * sizes in their adult ranges, converted to millimetres with each patient's own pixel spacing, and the
 * organs where anatomy puts them relative to each other.
 */
class AnatomyTest {

    private static final List<Anatomy> CHESTS = new ArrayList<>();

    @BeforeAll
    static void draw() {
        for (long seed = 100; seed < 112; seed++) {
            CHESTS.add(new Anatomy(new SplittableRandom(seed), seed % 2 == 1));
        }
    }

    /** Every chest's value within [lo, hi]; the spread over the chests covers a good part of the range. */
    private static void inRange(String what, double lo, double hi, ToDoubleFunction<Anatomy> f) {
        double min = Double.MAX_VALUE;
        double max = -Double.MAX_VALUE;
        for (Anatomy an : CHESTS) {
            double v = f.applyAsDouble(an);
            assertTrue(v >= lo - 1e-9 && v <= hi + 1e-9, what + " " + v + " outside " + lo + ".." + hi);
            min = Math.min(min, v);
            max = Math.max(max, v);
        }
        if (hi > lo) {
            assertTrue(max - min > 0.3 * (hi - lo), what + " spreads only " + min + ".." + max + " of " + lo + ".." + hi);
        }
    }

    @Test
    void sizesInMillimetres() {
        inRange("trachea diameter", 15, 20, an -> 2 * an.tracheaR * an.mmPerPx);
        inRange("ascending aorta diameter", 26, 34, an -> 2 * an.ascR * an.mmPerPx);
        inRange("vertebral pitch", 24, 28, an -> an.vertPitch);
        inRange("apical cap", 45, 65, an -> an.apexMm);
        inRange("right dome higher by", 8, 22, an -> an.domeTopZ[1] - an.domeTopZ[0]);
        inRange("pixel spacing", 290.0 / 2 / 246, 360.0 / 2 / 220, an -> an.mmPerPx);
        inRange("airway wall", 1.6, 1.6, an -> an.airwayWall * an.mmPerPx);
    }

    @Test
    void tissueValues() {
        inRange("lung", 128, 172, an -> an.lung);
        inRange("dependent lung gradient", 18, 50, an -> an.lungGradient);
        inRange("fat (HU + 1024)", 1024 - 124, 1024 - 84, an -> an.fat);
        inRange("cortex", 1800, 2100, an -> an.cortex);
        inRange("cancellous bone", 1340, 1430, an -> an.marrow);
        for (Anatomy an : CHESTS) {
            assertEquals(an.muscle + 8, an.skin);
            // soft tissue and blood 1,000-1,100 (REFERENCE section 1); bone from 1,300
            for (float v : new float[] {an.muscle, an.blood, an.liver, an.spleen, an.gland}) {
                assertTrue(v >= 990 && v <= 1100, "soft tissue " + v);
            }
            assertTrue(an.ribCortex >= 1300 && an.cartilage > an.muscle);
            // the dependent (posterior) lung is denser: top row lung, bottom row lung + gradient
            double top = an.lungCy[0] - an.lungBy[0];
            assertEquals(an.lung, an.lungValueAt(0, top), 1e-3);
            assertEquals(an.lung + an.lungGradient, an.lungValueAt(0, top + 2 * an.lungBy[0]), 1e-3);
            assertEquals(an.lung + an.lungGradient / 2, an.lungValueAt(0, an.lungCy[0]), 1e-3);
            assertEquals(an.lung + an.lungGradient, an.lungValueAt(1, 10_000), 1e-3);
            assertEquals(an.lung, an.lungValueAt(1, -10_000), 1e-3);
        }
    }

    @Test
    void organsWhereAnatomyPutsThem() {
        for (Anatomy an : CHESTS) {
            // side 0 (patient's right) on the image's left of the midline, side 1 on its right
            assertTrue(an.lungCx[0] < an.mx && an.lungCx[1] > an.mx);
            assertEquals(-1, Anatomy.sign(0));
            assertEquals(1, Anatomy.sign(1));
            // the heart and the oesophagus lean to the patient's left, the SVC to the right of the aorta
            assertTrue(an.heartCx > an.mx && an.esoX > an.mx && an.svcX < an.ascX);
            // the trachea on the midline (within 3 mm), in front of the spine
            assertTrue(Math.abs(an.tracheaX - an.mx) * an.mmPerPx <= 3 + 1e-9);
            assertTrue(an.tracheaTopY < an.spineY - an.vertR);
            // from the top: aortic arch, carina and pulmonary trunk, heart, domes
            assertTrue(an.archZ < an.carinaZ && an.carinaZ < an.heartTopZ && an.archZ < an.ptZ && an.ptZ < an.heartTopZ,
                    an.archZ + " " + an.carinaZ + " " + an.ptZ + " " + an.heartTopZ);
            assertTrue(an.heartTopZ < an.domeTopZ[0] && an.domeTopZ[0] < an.domeTopZ[1]
                    && an.domeTopZ[1] < an.lungBottomZ && an.heartBottomZ > an.domeTopZ[1]);
            assertEquals(an.lungTopZ + an.lungLength, an.lungBottomZ, 1e-9);
            // the spinal canal behind the vertebral body, the sternum in front of both lungs, the table
            // under the body
            assertTrue(an.canalY > an.spineY + an.vertR);
            assertTrue(an.sternumY < an.lungCy[0] - an.lungBy[0] && an.sternumY < an.lungCy[1] - an.lungBy[1]);
            assertTrue(an.tableY > an.spineY && an.tableY > an.canalY);
            // the lungs inside the body wall, lateral edges 9-14 mm inside the muscle wall
            for (int side = 0; side < 2; side++) {
                double outer = an.lungCx[side] + Anatomy.sign(side) * an.lungAx[side];
                double wall = an.body.cx() + Anatomy.sign(side) * an.muscleWall.a();
                double gapMm = Math.abs(wall - outer) * an.mmPerPx;
                assertTrue(gapMm >= 9 - 1e-6 && gapMm <= 14 + 1e-6, "lateral gap " + gapMm);
            }
        }
    }

    @Test
    void theLungOpensAtTheApexAndClosesOverTheDomes() {
        for (Anatomy an : CHESTS) {
            for (int side = 0; side < 2; side++) {
                assertNull(an.lungSection(side, an.lungTopZ));
                assertNull(an.lungSection(side, an.lungBottomZ));
                // growing from a small cap to the full width: 0.82 at the apex's foot, 1 from 65% down
                double tiny = an.lungSection(side, an.lungTopZ + 1).a();
                double foot = an.lungSection(side, an.lungTopZ + an.apexMm).a();
                double full = an.lungSection(side, an.lungTopZ + 0.7 * an.lungLength).a();
                assertTrue(tiny < 0.3 * foot, tiny + " vs " + foot);
                assertEquals(an.lungAx[side], full, 1e-9);
                double expectedFoot = an.lungAx[side] * (0.82 + 0.18 * an.apexMm / (0.65 * an.lungLength));
                assertEquals(expectedFoot, foot, 1e-9);
                // the dome: none above its top, growing below it
                assertNull(an.dome(side, an.domeTopZ[side]));
                Ellipse low = an.dome(side, an.lungBottomZ);
                Ellipse mid = an.dome(side, (an.domeTopZ[side] + an.lungBottomZ) / 2);
                assertTrue(mid.contains(an.domeCx[side], an.domeCy[side]));
                assertTrue(low.contains(an.domeCx[side] + 0.9 * Anatomy.DOME_GROWTH * an.domeA[side], an.domeCy[side]));
                assertTrue(!mid.contains(an.domeCx[side] + 0.9 * Anatomy.DOME_GROWTH * an.domeA[side], an.domeCy[side]));
            }
            // the heart: only between its top and bottom, full size in its middle
            assertEquals(0, an.heartScale(an.heartTopZ));
            assertEquals(0, an.heartScale(an.heartBottomZ));
            assertEquals(1, an.heartScale((an.heartTopZ + an.heartBottomZ) / 2));
            double fifteen = an.heartTopZ + 0.15 * (an.heartBottomZ - an.heartTopZ);
            assertEquals(Math.sqrt(0.5), an.heartScale(fifteen), 1e-9);
            double ninety = an.heartTopZ + 0.9 * (an.heartBottomZ - an.heartTopZ);
            assertEquals(Math.sqrt(0.5), an.heartScale(ninety), 1e-9);
            assertNull(an.heart(an.heartTopZ - 1));
            // the trachea runs from its top to the carina, then stays
            assertEquals(an.tracheaTopY, an.tracheaY(0), 1e-9);
            assertEquals((an.tracheaTopY + an.tracheaCarinaY) / 2, an.tracheaY(an.carinaZ / 2), 1e-9);
            assertEquals(an.tracheaCarinaY, an.tracheaY(an.carinaZ + 50), 1e-9);
            // the descending aorta drifts 45% of the way to the spine's x and up by 0.4 vertebral radii
            assertEquals(an.descX, an.descX(an.archZ), 1e-9);
            assertEquals(an.descX + (an.spineX - an.descX) * 0.45, an.descX(an.sweepMm), 1e-9);
            assertEquals(an.descY - an.vertR * 0.4, an.descY(an.sweepMm), 1e-9);
            assertEquals(an.descY - an.vertR * 0.2, an.descY((an.archZ + an.sweepMm) / 2), 1e-9);
        }
    }
}
