package org.covidct.core.phantom;

import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.function.IntPredicate;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Value histograms of full-size phantom slices against REFERENCE section 1 (HU + 1024): air about 0-30,
 * lung 100-250, ground glass 300-700, soft tissue 1000-1100, bone 1300 and up; fat about -100 HU.
 * Tissue interiors only (the pixel and its four neighbours painted alike), so edges blurred between two
 * tissues do not count for either.
 */
class PhantomValuesTest {

    private static final List<PhantomSlice> SLICES = new ArrayList<>();
    /** A COVID patient of seed 31 with both ground glass and consolidation. */
    private static final int COVID_PATIENT = 7;

    @BeforeAll
    static void render() {
        PhantomGenerator g = PhantomGenerator.builder().setSeed(31).optSize(512).optThicknesses(5, 5, 2).build();
        for (int i = 0; i < 2; i++) {
            PhantomPatient p = g.patient(i);
            int n = p.series().get(0).sliceCount();
            for (double rel : new double[] {0.3, 0.5, 0.7}) {
                SLICES.add(p.render(0, (int) (rel * n)));
            }
        }
        // the slices through the centres of the first lesions of a COVID patient (patient 1 is the first
        // COVID patient at the default share)
        PhantomPatient covid = g.patient(COVID_PATIENT);
        PhantomSeries thin = covid.series().get(2);
        covid.lesions().stream().limit(10).forEach(l -> SLICES.add(covid.render(2,
                Math.min(thin.sliceCount() - 1, (int) (l.z() / thin.thicknessMm())))));
    }

    /** Values of interior pixels of a tissue (outside any lesion unless asked), as a sorted array. */
    private static int[] values(Tissue t, IntPredicate lesionFilter) {
        long[] hist = new long[4096];
        for (PhantomSlice s : SLICES) {
            int w = s.slice().width();
            byte code = t.code();
            byte[] tis = s.tissue();
            short[] v = s.slice().values();
            for (int y = 1; y < w - 1; y++) {
                for (int x = 1; x < w - 1; x++) {
                    int k = y * w + x;
                    if (tis[k] == code && tis[k - 1] == code && tis[k + 1] == code && tis[k - w] == code
                            && tis[k + w] == code && lesionFilter.test(s.lesionMask()[k])) {
                        hist[v[k] & 0xFFFF]++;
                    }
                }
            }
        }
        return expand(hist);
    }

    private static int[] expand(long[] hist) {
        int n = (int) Arrays.stream(hist).sum();
        int[] out = new int[n];
        int i = 0;
        for (int v = 0; v < hist.length; v++) {
            for (long c = 0; c < hist[v]; c++) {
                out[i++] = v;
            }
        }
        return out;
    }

    private static int pct(int[] sorted, double p) {
        return sorted[(int) Math.min(sorted.length - 1, Math.floor(p / 100 * sorted.length))];
    }

    private static String describe(int[] v) {
        return "n=" + v.length + " p5=" + pct(v, 5) + " p25=" + pct(v, 25) + " p50=" + pct(v, 50) + " p75="
                + pct(v, 75) + " p95=" + pct(v, 95);
    }

    @Test
    void lungParenchymaIs100To250() {
        int[] v = values(Tissue.LUNG, m -> m == 0);
        assertTrue(v.length > 100_000, describe(v));
        assertTrue(pct(v, 50) >= 100 && pct(v, 50) <= 250, describe(v));
        assertTrue(pct(v, 10) >= 80 && pct(v, 90) <= 270, describe(v));
    }

    @Test
    void softTissueIs1000To1100AndFatAboutMinus100Hu() {
        int[] soft = values(Tissue.SOFT_TISSUE, m -> true);
        assertTrue(pct(soft, 50) >= 1000 && pct(soft, 50) <= 1100, describe(soft));
        assertTrue(pct(soft, 10) >= 960 && pct(soft, 90) <= 1140, describe(soft));
        int[] blood = values(Tissue.BLOOD, m -> true);
        assertTrue(pct(blood, 50) >= 1000 && pct(blood, 50) <= 1100, describe(blood));
        int[] organ = values(Tissue.ORGAN, m -> true);
        assertTrue(organ.length > 1000, "organ interiors in the slices: " + describe(organ));
        assertTrue(pct(organ, 50) >= 1000 && pct(organ, 50) <= 1100, describe(organ));
        int[] fat = values(Tissue.FAT, m -> true);
        assertTrue(pct(fat, 50) >= 874 && pct(fat, 50) <= 974, "fat -150..-50 HU: " + describe(fat));
    }

    @Test
    void boneIs1300AndUp() {
        int[] v = values(Tissue.BONE, m -> true);
        assertTrue(v.length > 1000, describe(v));
        assertTrue(pct(v, 20) >= 1300, describe(v));
        assertTrue(pct(v, 95) >= 1600, "cortex reaches well above: " + describe(v));
    }

    @Test
    void airIsAboutZeroTo30AndClippedAtZero() {
        int[] v = values(Tissue.OUTSIDE, m -> true);
        assertTrue(pct(v, 50) <= 30 && pct(v, 95) <= 50, describe(v));
        assertEquals(0, v[0], "noise on air is clipped at 0, not wrapped");
        int[] airway = values(Tissue.AIRWAY, m -> true);
        assertTrue(pct(airway, 50) <= 60, "airway lumen is air: " + describe(airway));
    }

    @Test
    void groundGlassInLesionMasksIs300To700() {
        long[] ggo = new long[4096];
        long[] core = new long[4096];
        List<Lesion> lesions = lesionsOfCovid();
        for (PhantomSlice s : SLICES) {
            short[] v = s.slice().values();
            for (int k = 0; k < v.length; k++) {
                int id = s.lesionMask()[k];
                if (id == 0 || s.tissue()[k] != Tissue.LUNG.code()) {
                    continue;
                }
                Lesion l = lesions.get(id - 1);
                (l.kind() == Lesion.Kind.GROUND_GLASS ? ggo : core)[v[k] & 0xFFFF]++;
            }
        }
        int[] g = expand(ggo);
        assertTrue(g.length > 300, describe(g));
        assertTrue(pct(g, 50) >= 300 && pct(g, 50) <= 700, describe(g));
        assertTrue(pct(g, 10) >= 220 && pct(g, 90) <= 760, describe(g));
        int[] c = expand(core);
        assertTrue(c.length > 300, "consolidation in the lesion slices: " + describe(c));
        assertTrue(pct(c, 90) >= 850, "consolidation reaches soft-tissue density: " + describe(c));
        // lesions are the only bright lung: the lung outside them never looks like ground glass on average
        int[] lung = values(Tissue.LUNG, m -> m == 0);
        assertTrue(pct(lung, 50) + 100 < pct(g, 50));
    }

    private static List<Lesion> lesionsOfCovid() {
        return PhantomGenerator.builder().setSeed(31).optSize(512).optThicknesses(5, 5, 2).build().patient(COVID_PATIENT).lesions();
    }

    @Test
    void histogramOfAWholeSliceLooksLikeARealOne() {
        // real P001 instance 75: 5th percentile 3, median 150, 75th 933, 95th 1097; phantoms hold a little
        // more lung for their body, so their 75th percentile sits lower (about 750-950)
        PhantomSlice mid = SLICES.get(1);
        int[] all = new int[mid.slice().values().length];
        for (int k = 0; k < all.length; k++) {
            all[k] = mid.slice().values()[k] & 0xFFFF;
        }
        Arrays.sort(all);
        assertTrue(pct(all, 5) <= 30, describe(all));
        assertTrue(pct(all, 75) >= 700 && pct(all, 75) <= 1100, describe(all));
        assertTrue(pct(all, 95) >= 1000 && pct(all, 95) <= 1300, describe(all));
        assertTrue(all[all.length - 1] >= 1600 && all[all.length - 1] <= 4095, "max " + all[all.length - 1]);
    }
}
