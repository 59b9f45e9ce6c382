package org.covidct.core.phantom;

import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** COVID-19 lesions: where they are in aggregate, the per-slice ground truth and the single-lesion probe. */
class PhantomLesionTest {

    @Test
    void lesionsAreBilateralPeripheralPosteriorAndLowerPredominantInAggregate() {
        PhantomGenerator g = PhantomGenerator.builder().setSeed(41).optSize(64).optCovidFraction(1).build();
        int patientsWithTwoOrMore = 0;
        int bilateral = 0;
        int lesions = 0;
        int lower = 0;
        int posterior = 0;
        int peripheral = 0;
        int subtle = 0;
        int consolidation = 0;
        double minSize = Double.MAX_VALUE;
        double maxSize = 0;
        for (int i = 0; i < 30; i++) {
            PhantomPatient p = g.patient(i);
            Anatomy an = p.anatomy();
            assertFalse(p.lesions().isEmpty(), p.id());
            boolean[] sides = new boolean[2];
            for (Lesion l : p.lesions()) {
                lesions++;
                sides[l.side()] = true;
                assertTrue(an.isLung(l.x(), l.y(), l.z()), "lesion centre in the lung");
                double zRel = (l.z() - an.lungTopZ) / an.lungLength;
                lower += zRel > 0.5 ? 1 : 0;
                SuperEllipse ls = an.lungSection(l.side(), l.z());
                posterior += l.y() > ls.cy() ? 1 : 0;
                // normalised position inside the lung outline: 0 at its centre, 1 on the pleura
                double rho = Math.hypot((l.x() - ls.cx()) / ls.a(), (l.y() - ls.cy()) / ls.bTop());
                peripheral += rho >= 0.6 ? 1 : 0;
                subtle += l.peak() < 450 ? 1 : 0;
                consolidation += l.kind() == Lesion.Kind.CONSOLIDATION ? 1 : 0;
                minSize = Math.min(minSize, l.a() * an.mmPerPx);
                maxSize = Math.max(maxSize, l.a() * an.mmPerPx);
            }
            if (p.lesions().size() >= 2) {
                patientsWithTwoOrMore++;
                bilateral += sides[0] && sides[1] ? 1 : 0;
            }
        }
        assertTrue(bilateral >= 0.75 * patientsWithTwoOrMore, bilateral + " of " + patientsWithTwoOrMore);
        assertTrue(lower >= 0.65 * lesions, "lower half: " + lower + " of " + lesions);
        assertTrue(posterior >= 0.6 * lesions, "posterior: " + posterior + " of " + lesions);
        assertTrue(peripheral >= 0.9 * lesions, "peripheral: " + peripheral + " of " + lesions);
        assertTrue(subtle >= 0.1 * lesions && subtle <= 0.5 * lesions, "subtle: " + subtle + " of " + lesions);
        assertTrue(consolidation >= 0.1 * lesions && consolidation <= 0.5 * lesions, consolidation + " of " + lesions);
        assertTrue(minSize < 10 && maxSize > 20, "sizes vary: " + minSize + ".." + maxSize + " mm");
    }

    @Test
    void lesionGroundTruthMarksCovidSlicesOnly() {
        PhantomGenerator g = PhantomGenerator.builder().setSeed(42).optSize(96).build();
        PhantomPatient normal = g.patient(0);
        PhantomPatient covid = g.patient(1);
        assertTrue(covid.covid() && !normal.covid());
        int n = normal.series().get(0).sliceCount();
        for (int j = 0; j < n; j++) {
            assertEquals(0, normal.render(0, j).lesionPixels());
        }
        int withLesion = 0;
        int m = covid.series().get(0).sliceCount();
        for (int j = 0; j < m; j++) {
            PhantomSlice s = covid.render(0, j);
            int counted = 0;
            for (int k = 0; k < s.lesionMask().length; k++) {
                if (s.lesionMask()[k] != 0) {
                    counted++;
                    // a lesion only ever covers lung
                    Tissue t = Tissue.of(s.tissue()[k]);
                    assertTrue(t == Tissue.LUNG || t == Tissue.VESSEL, t.toString());
                }
            }
            assertEquals(counted, s.lesionPixels());
            withLesion += s.hasLesion() ? 1 : 0;
        }
        assertTrue(withLesion > 0 && withLesion < m, withLesion + " of " + m);
    }

    @Test
    void singleLesionSliceHasExactlyOneLesionAtTheRequestedPlace() {
        PhantomGenerator g = PhantomGenerator.builder().setSeed(43).optSize(128).build();
        PhantomSlice auto = g.singleLesionSlice(0);
        assertTrue(auto.hasLesion());
        // choose a place from the automatic probe, then ask for it explicitly
        int w = auto.slice().width();
        double sx = 0;
        double sy = 0;
        for (int k = 0; k < auto.lesionMask().length; k++) {
            if (auto.lesionMask()[k] != 0) {
                assertEquals(1, auto.lesionMask()[k], "one lesion only");
                sx += k % w;
                sy += k / w;
            }
        }
        int cx = (int) Math.round(sx / auto.lesionPixels());
        int cy = (int) Math.round(sy / auto.lesionPixels());
        PhantomSlice s = g.singleLesionSlice(0, 0.55, cx, cy, 6, 600);
        assertTrue(s.lesionAt(cx, cy), "the centre is in the mask");
        // ground glass of the requested density (vessels crossing it stay brighter)
        int[] inside = new int[s.lesionPixels()];
        int n = 0;
        for (int k = 0; k < s.lesionMask().length; k++) {
            if (s.lesionMask()[k] != 0) {
                inside[n++] = s.slice().values()[k] & 0xFFFF;
            }
        }
        java.util.Arrays.sort(inside);
        assertTrue(inside[n / 2] >= 450 && inside[n / 2] <= 700, "median in the lesion " + inside[n / 2]);
        double mx = 0;
        double my = 0;
        for (int k = 0; k < s.lesionMask().length; k++) {
            if (s.lesionMask()[k] != 0) {
                assertEquals(1, s.lesionMask()[k]);
                mx += k % w;
                my += k / w;
                // the mask stays within twice the radius of the centre
                assertTrue(Math.hypot(k % w - cx, k / w - cy) <= 12, "mask pixel far from the centre");
            }
        }
        assertTrue(Math.hypot(mx / s.lesionPixels() - cx, my / s.lesionPixels() - cy) < 3);
        PhantomSlice other = g.singleLesionSlice(0, 0.55, cx, cy, 6, 600);
        assertEquals(s.slice().sha256(), other.slice().sha256(), "deterministic");
        assertThrows(IllegalArgumentException.class, () -> g.singleLesionSlice(0, 0.55, 2, 2, 5, 600));
    }
}
