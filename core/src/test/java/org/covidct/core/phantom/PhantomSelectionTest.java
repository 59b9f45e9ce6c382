package org.covidct.core.phantom;

import org.covidct.core.image.Crops;
import org.covidct.core.image.CtSlice;
import org.covidct.core.selection.ReferenceSelector;
import org.covidct.core.selection.SelectionWindow;
import org.junit.jupiter.api.Test;

import java.util.stream.IntStream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The reference selection rule (REFERENCE section 2, through the shared {@link ReferenceSelector}) must
 * treat phantom sweeps as it treats real ones: keep 40-75% of every series (real P001 61%, normal001 44%)
 * and drop the closed-lung slices at both ends.
 */
class PhantomSelectionTest {

    /** Counts, threshold and verdicts of one series. */
    record Verdicts(int[] counts, boolean[] kept, int keptCount, double[] lungFraction) {
        int first() {
            return IntStream.range(0, kept.length).filter(i -> kept[i]).findFirst().orElse(-1);
        }

        int last() {
            return IntStream.range(0, kept.length).map(i -> kept.length - 1 - i).filter(i -> kept[i]).findFirst()
                    .orElse(-1);
        }
    }

    static Verdicts select(PhantomPatient p, int series) {
        int n = p.series().get(series).sliceCount();
        int[] counts = new int[n];
        double[] lung = new double[n];
        IntStream.range(0, n).parallel().forEach(i -> {
            PhantomSlice s = p.render(series, i);
            CtSlice slice = s.slice();
            counts[i] = ReferenceSelector.countDark(Crops.crop(slice, SelectionWindow.forSize(slice.width(),
                    slice.height())));
            lung[i] = PhantomGeneratorTest.fraction(s, Tissue.LUNG);
        });
        double threshold = ReferenceSelector.threshold(counts);
        boolean[] kept = new boolean[n];
        int k = 0;
        for (int i = 0; i < n; i++) {
            kept[i] = counts[i] > threshold;
            k += kept[i] ? 1 : 0;
        }
        return new Verdicts(counts, kept, k, lung);
    }

    private static void assertRealistic(PhantomPatient p, int series, Verdicts v) {
        String what = p.id() + " " + p.series().get(series);
        double share = v.keptCount() / (double) v.kept().length;
        assertTrue(share >= 0.40 && share <= 0.75, what + " keeps " + share);
        assertFalse(v.kept()[0], what + ": first slice kept");
        assertFalse(v.kept()[v.kept().length - 1], what + ": last slice kept");
        // the dropped ends really are where the lung closes: the first slice shows no lung at all, and
        // the lung at either end is far smaller than in the middle of the sweep
        double max = java.util.Arrays.stream(v.lungFraction()).max().orElse(0);
        assertEquals(0.0, v.lungFraction()[0], what + ": lung above the apex");
        assertTrue(v.lungFraction()[v.kept().length - 1] < 0.35 * max, what + ": lung still wide open at the base");
        assertTrue(v.lungFraction()[v.first()] > v.lungFraction()[0], what);
        // the dark-count peak is of the size real series reach (P001 17,625 of 25,000; normal001 15,901)
        int peak = java.util.Arrays.stream(v.counts()).max().orElse(0);
        int window = SelectionWindow.forSize(p.size(), p.size()).width * SelectionWindow.forSize(p.size(), p.size()).height;
        assertTrue(peak > 0.5 * window && peak < 0.85 * window, what + ": peak dark count " + peak + " of " + window);
    }

    @Test
    void referenceRuleKeeps40To75PercentOfEverySeriesAndDropsBothEnds() {
        PhantomGenerator g = PhantomGenerator.builder().setSeed(20).optSize(96).build();
        for (int i = 0; i < 10; i++) {
            PhantomPatient p = g.patient(i);
            for (int k = 0; k < 3; k++) {
                assertRealistic(p, k, select(p, k));
            }
        }
    }

    @Test
    void atFullSizeToo() {
        PhantomGenerator g = PhantomGenerator.builder().setSeed(21).optSize(512).optThicknesses(6, 5, 5).build();
        PhantomPatient p = g.patient(1);
        Verdicts v = select(p, 0);
        assertRealistic(p, 0, v);
        assertTrue(p.covid());
    }
}
