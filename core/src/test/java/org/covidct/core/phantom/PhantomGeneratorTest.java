package org.covidct.core.phantom;

import org.covidct.core.image.CtSlice;
import org.junit.jupiter.api.Test;

import java.util.HashSet;
import java.util.Set;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class PhantomGeneratorTest {

    private static PhantomGenerator gen(long seed, int size) {
        return PhantomGenerator.builder().setSeed(seed).optSize(size).build();
    }

    @Test
    void sameSeedSameBytesDifferentSeedDifferentBytes() {
        PhantomPatient a = gen(5, 64).patient(3);
        PhantomPatient b = gen(5, 64).patient(3);
        PhantomPatient c = gen(6, 64).patient(3);
        for (int k = 0; k < 3; k++) {
            int mid = a.series().get(k).sliceCount() / 2;
            assertEquals(a.render(k, mid).slice().sha256(), b.render(k, mid).slice().sha256());
        }
        assertEquals(a.series(), b.series());
        int mid = Math.min(a.series().get(0).sliceCount(), c.series().get(0).sliceCount()) / 2;
        assertNotEquals(a.render(0, mid).slice().sha256(), c.render(0, mid).slice().sha256());
    }

    @Test
    void patientDoesNotDependOnWhichPatientsCameBefore() {
        PhantomGenerator g = gen(9, 64);
        for (int i = 0; i < 4; i++) {
            g.patient(i).render(0, 5);
        }
        String after = g.patient(4).render(0, 10).slice().sha256();
        assertEquals(gen(9, 64).patient(4).render(0, 10).slice().sha256(), after);
    }

    @Test
    void renderingIsOrderIndependentAndRepeatable() {
        PhantomPatient p = gen(2, 64).patient(1);
        String first = p.render(1, 7).slice().sha256();
        p.render(1, 8);
        p.render(0, 7);
        assertEquals(first, p.render(1, 7).slice().sha256());
        // neighbouring slices differ (noise and anatomy), so the hash is not of something constant
        assertNotEquals(first, p.render(1, 8).slice().sha256());
    }

    @Test
    void covidShareHoldsForEveryCohortPrefix() {
        PhantomGenerator g = PhantomGenerator.builder().setSeed(1).optCovidFraction(0.25).build();
        int covid = 0;
        for (int n = 1; n <= 40; n++) {
            covid += g.isCovid(n - 1) ? 1 : 0;
            assertEquals(Math.floor(n * 0.25 + 1e-9), covid, "first " + n + " patients");
        }
        PhantomGenerator half = gen(1, 64);
        assertTrue(half.isCovid(1) && !half.isCovid(0));
        assertTrue(half.patient(1).covid());
        assertFalse(half.patient(1).lesions().isEmpty(), "a COVID patient has lesions");
        assertTrue(half.patient(0).lesions().isEmpty(), "a normal patient has none");
    }

    @Test
    void threeSeriesOfRealThicknessesAndMatchingSliceCounts() {
        Set<Double> seen = new HashSet<>();
        for (int i = 0; i < 30; i++) {
            PhantomPatient p = gen(4, 64).patient(i);
            assertEquals(3, p.series().size());
            double sweep = p.series().get(0).thicknessMm() * p.series().get(0).sliceCount();
            for (int k = 0; k < 3; k++) {
                PhantomSeries s = p.series().get(k);
                assertEquals("SR_" + (k + 2), s.name());
                assertTrue(s.thicknessMm() >= 1.5 && s.thicknessMm() <= 8, s.toString());
                // the same sweep length whatever the thickness
                assertEquals(sweep, s.thicknessMm() * s.sliceCount(), 8.0, p.id() + " " + s);
                seen.add(s.thicknessMm());
            }
        }
        assertTrue(seen.size() >= 3, "several thicknesses drawn: " + seen);
        assertTrue(seen.contains(1.5) && seen.contains(6.0), seen.toString());
    }

    @Test
    void anySizeIsTheSameAnatomyScaled() {
        PhantomPatient big = gen(3, 512).patient(0);
        PhantomPatient small = gen(3, 96).patient(0);
        int k = big.series().get(0).sliceCount() / 2;
        double bigLung = fraction(big.render(0, k), Tissue.LUNG);
        double smallLung = fraction(small.render(0, k), Tissue.LUNG);
        assertTrue(bigLung > 0.15, "lung fills a good part of a mid-chest slice: " + bigLung);
        assertEquals(bigLung, smallLung, 0.03);
        CtSlice s = small.render(0, k).slice();
        assertEquals(96, s.width());
        assertEquals(96, s.height());
    }

    @Test
    void rejectsBadOptions() {
        assertThrows(IllegalStateException.class, () -> PhantomGenerator.builder().build());
        assertThrows(IllegalArgumentException.class, () -> PhantomGenerator.builder().optSize(8));
        assertThrows(IllegalArgumentException.class, () -> PhantomGenerator.builder().optCovidFraction(1.5));
        assertThrows(IllegalArgumentException.class, () -> PhantomGenerator.builder().optThicknesses(6, 0, 5));
        assertThrows(IndexOutOfBoundsException.class, () -> gen(1, 64).patient(0).render(0, 100000));
    }

    static double fraction(PhantomSlice s, Tissue t) {
        int n = 0;
        for (byte b : s.tissue()) {
            if (b == t.code()) {
                n++;
            }
        }
        return n / (double) s.tissue().length;
    }
}
