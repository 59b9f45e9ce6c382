package org.covidct.core.split;

import org.covidct.core.CovidctException;
import org.covidct.core.dataset.ClassLabel;
import org.covidct.core.dataset.FoldSet;
import org.covidct.core.dataset.LabelledSlice;
import org.junit.jupiter.api.Test;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import java.util.stream.Collectors;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The splitter on small synthetic indexes where every assignment can be known in advance.
 *
 * <p>Pinned splits: the expected fold of every patient comes from {@link Protocol}, a re-statement of the
 * protocol written here from its description (class Javadoc of FoldSplitter): the COVID patients shuffled
 * with {@code new Random(seed)}, dealt round-robin and balanced by swaps between the fullest and the emptiest
 * group, per fold a stream seeded by the SplitMix64 finaliser of {@code seed + golden gamma * fold}, the
 * normal patients drawn in that stream's order, validation carved from each class in the same stream's
 * order; shuffles are Fisher-Yates from the last element down, the algorithm {@code Collections.shuffle}
 * documents. Dropping or reordering any draw or swap changes the split.
 *
 * <p>Planted imbalances: patients of very unequal size that only the balancing spreads evenly, and normal
 * patients whose sizes sit exactly on the tolerance bounds.
 */
class FoldSplitterProtocolTest {

    private static final Path INDEX = Path.of("all.csv");

    /**
     * An index of {@code covid.length} COVID patients (patient1, patient2, ...) then the normal patients
     * (numbered on), each with the given number of slices; rows shuffled so index order is not patient order.
     */
    static List<LabelledSlice> index(int[] covid, int[] normal) {
        List<LabelledSlice> rows = new ArrayList<>();
        int id = 1;
        for (int n : covid) {
            addPatient(rows, "137covid", id++, n, ClassLabel.COVID);
        }
        for (int n : normal) {
            addPatient(rows, "normal1", id++, n, ClassLabel.NORMAL);
        }
        Collections.shuffle(rows, new Random(99));
        return rows;
    }

    private static void addPatient(List<LabelledSlice> rows, String group, int id, int images, ClassLabel label) {
        for (int i = 1; i <= images; i++) {
            rows.add(new LabelledSlice(String.format("%s_patient%d_SR_2_IM%05d.tif", group, id, i), label));
        }
    }

    private static int[] repeat(int value, int times) {
        int[] a = new int[times];
        java.util.Arrays.fill(a, value);
        return a;
    }

    private static String patient(LabelledSlice s) {
        return s.flatName().patientId();
    }

    private static Set<String> patients(List<LabelledSlice> rows, ClassLabel label) {
        return rows.stream().filter(s -> s.label() == label).map(FoldSplitterProtocolTest::patient)
                .collect(Collectors.toSet());
    }

    private static int images(List<LabelledSlice> rows, ClassLabel label) {
        return (int) rows.stream().filter(s -> s.label() == label).count();
    }

    /** The patients of each part first (a readable difference), then every row in index order. */
    private static void assertSameSplit(List<FoldSet> expected, List<FoldSet> actual, String what) {
        assertEquals(describe(expected), describe(actual), what);
        assertEquals(expected, actual, what);
    }

    private static String describe(List<FoldSet> folds) {
        StringBuilder sb = new StringBuilder();
        for (FoldSet f : folds) {
            sb.append("fold ").append(f.fold()).append(": train ").append(sortedPatients(f.train()))
                    .append(", validation ").append(sortedPatients(f.validation()))
                    .append(", test ").append(sortedPatients(f.test())).append('\n');
        }
        return sb.toString();
    }

    private static List<Integer> sortedPatients(List<LabelledSlice> rows) {
        return rows.stream().map(s -> Integer.parseInt(patient(s).substring("patient".length()))).distinct().sorted()
                .toList();
    }

    // ---- pinned splits ---------------------------------------------------------------------------------------

    @Test
    void equalPatientsGiveExactlyTheAssignmentTheProtocolPrescribes() {
        // 10 COVID and 20 normal patients of 10 slices: the COVID groups are balanced as dealt, so the deal,
        // the draws and the carving alone decide the split
        List<LabelledSlice> index = index(repeat(10, 10), repeat(10, 20));
        for (long seed : new long[] {1, 7, 20260527L}) {
            FoldSplitter splitter = FoldSplitter.builder().optSeed(seed).build();
            assertSameSplit(Protocol.split(index, splitter), splitter.split(index, INDEX, null, null), "seed " + seed);
        }
    }

    @Test
    void otherFoldCountsFractionsAndTolerancesArePinnedToo() {
        // 12 COVID patients of 6 slices in 3 folds; normal patients of 4 and 7 slices make the greedy draw skip
        List<LabelledSlice> index = index(repeat(6, 12), new int[] {4, 7, 4, 7, 4, 7, 4, 7, 4, 7, 4, 7, 4, 7, 4, 7,
                4, 7, 4, 7, 4, 7});
        for (long seed : new long[] {3, -5}) {
            FoldSplitter splitter = FoldSplitter.builder().optSeed(seed).optFolds(3).optValidationFraction(0.5)
                    .optBalanceTolerance(0.25).build();
            List<FoldSet> expected = Protocol.split(index, splitter);
            assertSameSplit(expected, splitter.split(index, INDEX, null, null), "seed " + seed);
            // the carve stops at half of each class' fitting images: never more than one patient beyond it
            for (FoldSet f : expected) {
                int covidVal = images(f.validation(), ClassLabel.COVID);
                assertTrue(covidVal >= 0.5 * images(f.fitting(), ClassLabel.COVID)
                        && covidVal < 0.5 * images(f.fitting(), ClassLabel.COVID) + 6, "fold " + f.fold());
            }
        }
    }

    @Test
    void unequalCovidPatientsArePinnedThroughTheBalancingSwaps() {
        // sizes with many ties, so which group counts as fullest or emptiest and which swap is chosen matter
        int[] covid = {12, 3, 7, 12, 3, 7, 20, 1, 5, 5, 9, 3, 14, 2, 6};
        List<LabelledSlice> index = index(covid, repeat(9, 30));
        int swapped = 0;
        for (long seed = 1; seed <= 8; seed++) {
            FoldSplitter splitter = FoldSplitter.builder().optSeed(seed).build();
            List<List<String>> dealt = Protocol.dealt(patients(index, ClassLabel.COVID).stream()
                    .sorted((a, b) -> Integer.compare(Protocol.number(a), Protocol.number(b))).toList(), splitter);
            Map<String, Integer> size = new HashMap<>();
            patients(index, ClassLabel.COVID).forEach(p -> size.put(p, Protocol.countOf(index, p)));
            List<List<String>> before = dealt.stream().map(g -> (List<String>) new ArrayList<>(g)).toList();
            swapped += before.equals(Protocol.balanced(dealt, size)) ? 0 : 1;
            assertSameSplit(Protocol.split(index, splitter), splitter.split(index, INDEX, null, null), "seed " + seed);
        }
        assertTrue(swapped >= 6, "the balancing must act in most of these splits: " + swapped + " of 8");
    }

    @Test
    void everyNormalPatientIsSometimesFittedAndSometimesTested() {
        // no draw in ID order: over a few seeds each normal patient lands on both sides
        List<LabelledSlice> index = index(repeat(10, 10), repeat(10, 20));
        Map<String, Integer> fitted = new HashMap<>();
        Map<String, Integer> tested = new HashMap<>();
        for (long seed = 1; seed <= 6; seed++) {
            for (FoldSet f : FoldSplitter.builder().optSeed(seed).build().split(index, INDEX, null, null)) {
                patients(f.fitting(), ClassLabel.NORMAL).forEach(p -> fitted.merge(p, 1, Integer::sum));
                patients(f.test(), ClassLabel.NORMAL).forEach(p -> tested.merge(p, 1, Integer::sum));
            }
        }
        Set<String> normals = patients(index, ClassLabel.NORMAL);
        assertEquals(normals, fitted.keySet(), "every normal patient fitted at least once");
        assertEquals(normals, tested.keySet(), "every normal patient tested at least once");
    }

    // ---- planted imbalances --------------------------------------------------------------------------------

    @Test
    void theBalancingGivesEveryFoldOneLargeAndOneSmallCovidPatient() {
        // 5 patients of 100 slices and 5 of 1: dealt as shuffled, some fold tests 200 and another 2 images;
        // balanced, every fold tests exactly 101
        int[] covid = {100, 100, 100, 100, 100, 1, 1, 1, 1, 1};
        List<LabelledSlice> index = index(covid, repeat(50, 12));
        int unbalancedDeals = 0;
        for (long seed = 1; seed <= 10; seed++) {
            unbalancedDeals += Protocol.dealtImages(covid, seed, 5).stream().anyMatch(n -> n != 101) ? 1 : 0;
            for (FoldSet f : FoldSplitter.builder().optSeed(seed).build().split(index, INDEX, null, null)) {
                assertEquals(101, images(f.test(), ClassLabel.COVID), "seed " + seed + " fold " + f.fold());
                assertEquals(2, patients(f.test(), ClassLabel.COVID).size(), "seed " + seed + " fold " + f.fold());
                assertEquals(404, images(f.fitting(), ClassLabel.COVID));
                // 8 normal patients of 50 (400 images) balance 404; a 9th would overshoot 444.4
                assertEquals(400, images(f.fitting(), ClassLabel.NORMAL), "seed " + seed + " fold " + f.fold());
                assertEquals(4, patients(f.test(), ClassLabel.NORMAL).size());
            }
        }
        assertTrue(unbalancedDeals >= 5, "the plant must need the balancing: " + unbalancedDeals + " of 10 deals");
    }

    @Test
    void theBalancingAlsoRunsForOverAHundredCovidPatients() {
        // 25 patients of 100 slices and 80 of 1 in 5 folds: balanced, every fold tests 5 + 16 of them, 516 images
        int[] covid = new int[105];
        java.util.Arrays.fill(covid, 0, 25, 100);
        java.util.Arrays.fill(covid, 25, 105, 1);
        List<LabelledSlice> index = index(covid, repeat(50, 60));
        for (long seed = 1; seed <= 3; seed++) {
            assertTrue(Protocol.dealtImages(covid, seed, 5).stream().anyMatch(n -> n != 516), "seed " + seed);
            for (FoldSet f : FoldSplitter.builder().optSeed(seed).build().split(index, INDEX, null, null)) {
                assertEquals(516, images(f.test(), ClassLabel.COVID), "seed " + seed + " fold " + f.fold());
                assertEquals(21, patients(f.test(), ClassLabel.COVID).size());
            }
        }
    }

    @Test
    void validationNeverTakesEveryFittingPatientOfAClass() {
        // three COVID patients in three folds leave two to fit; at fraction 0.5 a small first pick (1 slice of
        // 11) would pull in the other as well, leaving no COVID patient to train on: the carve stops at one
        List<LabelledSlice> index = index(new int[] {1, 10, 10}, repeat(5, 12));
        int smallPickedFirst = 0;
        for (long seed = 1; seed <= 12; seed++) {
            FoldSplitter splitter = FoldSplitter.builder().optSeed(seed).optFolds(3).optValidationFraction(0.5)
                    .optBalanceTolerance(0.5).build();
            for (FoldSet f : splitter.split(index, INDEX, null, null)) {
                assertEquals(1, patients(f.validation(), ClassLabel.COVID).size(), "seed " + seed + " fold " + f.fold());
                for (ClassLabel c : ClassLabel.values()) {
                    assertTrue(!patients(f.train(), c).isEmpty(), "seed " + seed + " fold " + f.fold() + " " + c);
                }
                smallPickedFirst += patients(f.validation(), ClassLabel.COVID).contains("patient1") ? 1 : 0;
            }
        }
        assertTrue(smallPickedFirst > 0, "the 1-slice patient must be drawn first sometimes");
    }

    @Test
    void namesThatAreNoSlicesOrNoClassAreErrorsNamingTheLine() {
        FoldSplitter splitter = FoldSplitter.builder().build();
        List<LabelledSlice> notFlat = new ArrayList<>(index(repeat(10, 10), repeat(10, 20)));
        notFlat.add(3, new LabelledSlice("scan.tif", ClassLabel.NORMAL));
        assertEquals("all.csv: line 5: 'scan.tif' is not a flat slice name <group>_<patientN>_<SR_k>_<IMnnnnn>.tif",
                assertThrows(CovidctException.class, () -> splitter.split(notFlat, INDEX, null, null)).getMessage());
        List<LabelledSlice> noClass = new ArrayList<>(index(repeat(10, 10), repeat(10, 20)));
        noClass.add(0, new LabelledSlice("misc_patient99_SR_2_IM00001.tif", ClassLabel.NORMAL));
        assertEquals("all.csv: line 2: group 'misc' of misc_patient99_SR_2_IM00001.tif names neither covid nor normal",
                assertThrows(CovidctException.class, () -> splitter.split(noClass, INDEX, null, null)).getMessage());
        List<LabelledSlice> both = new ArrayList<>(index(repeat(10, 10), repeat(10, 20)));
        both.add(new LabelledSlice("normal1_patient1_SR_2_IM00001.tif", ClassLabel.NORMAL));
        assertEquals("all.csv: line " + (both.size() + 1) + ": patient patient1 has both covid and normal slices",
                assertThrows(CovidctException.class, () -> splitter.split(both, INDEX, null, null)).getMessage());
    }

    @Test
    void aNormalPatientThatWouldOvershootIsSkippedAndTested() {
        // COVID fitting images 80 per fold; the 500-slice normal patient never fits under 88
        List<LabelledSlice> index = index(repeat(10, 10), new int[] {500, 10, 10, 10, 10, 10, 10, 10, 10, 10, 10});
        for (long seed = 1; seed <= 5; seed++) {
            for (FoldSet f : FoldSplitter.builder().optSeed(seed).build().split(index, INDEX, null, null)) {
                assertTrue(patients(f.test(), ClassLabel.NORMAL).contains("patient11"), "seed " + seed);
                assertEquals(80, images(f.fitting(), ClassLabel.NORMAL), "seed " + seed);
            }
        }
    }

    @Test
    void theToleranceBoundsAreInclusive() {
        // tolerance 0.25 (exact in binary): 80 COVID fitting images allow 60..100 normal ones
        FoldSplitter splitter = FoldSplitter.builder().optBalanceTolerance(0.25).build();
        // a patient of exactly 100 is taken, those of 101 are not
        List<FoldSet> upper = splitter.split(index(repeat(10, 10), new int[] {101, 100, 101, 101}), INDEX, null, null);
        for (FoldSet f : upper) {
            assertEquals(Set.of("patient12"), patients(f.fitting(), ClassLabel.NORMAL), "fold " + f.fold());
        }
        // a patient of exactly 60 suffices alone when nothing else fits
        List<FoldSet> lower = splitter.split(index(repeat(10, 10), new int[] {200, 60, 200}), INDEX, null, null);
        for (FoldSet f : lower) {
            assertEquals(Set.of("patient12"), patients(f.fitting(), ClassLabel.NORMAL), "fold " + f.fold());
        }
        // the draw stops as soon as the target is reached: 8 patients of 10, not a 9th within the ceiling
        for (FoldSet f : splitter.split(index(repeat(10, 10), repeat(10, 12)), INDEX, null, null)) {
            assertEquals(80, images(f.fitting(), ClassLabel.NORMAL), "fold " + f.fold());
        }
    }

    @Test
    void impossibleSplitsAreErrorsNamingTheIndex() {
        FoldSplitter splitter = FoldSplitter.builder().build();
        assertEquals("all.csv: 4 COVID patients cannot be tested in 5 folds (at least one per fold)",
                assertThrows(CovidctException.class, () -> splitter.split(index(repeat(10, 4), repeat(10, 20)), INDEX,
                        null, null)).getMessage());
        assertEquals("all.csv: no normal patients", assertThrows(CovidctException.class,
                () -> splitter.split(index(repeat(10, 5), new int[0]), INDEX, null, null)).getMessage());
        assertEquals("all.csv: fold 1: the normal patients hold only 10 images to balance 80 COVID fitting images",
                assertThrows(CovidctException.class, () -> splitter.split(index(repeat(10, 10), new int[] {5, 5}),
                        INDEX, null, null)).getMessage());
        assertEquals("all.csv: fold 1: balancing uses every normal patient, none is left to test",
                assertThrows(CovidctException.class, () -> splitter.split(index(repeat(10, 10), repeat(10, 8)),
                        INDEX, null, null)).getMessage());
        // five COVID patients are enough for five folds (one tested in each)
        List<FoldSet> five = splitter.split(index(repeat(10, 5), repeat(10, 20)), INDEX, null, null);
        five.forEach(f -> assertEquals(1, patients(f.test(), ClassLabel.COVID).size()));
    }

    @Test
    void builderRefusesOptionsOutsideTheirRanges() {
        assertThrows(IllegalArgumentException.class, () -> FoldSplitter.builder().optFolds(1));
        assertEquals(2, FoldSplitter.builder().optFolds(2).build().folds());
        assertThrows(IllegalArgumentException.class, () -> FoldSplitter.builder().optValidationFraction(0));
        assertThrows(IllegalArgumentException.class, () -> FoldSplitter.builder().optValidationFraction(0.51));
        assertEquals(0.5, FoldSplitter.builder().optValidationFraction(0.5).build().validationFraction());
        assertThrows(IllegalArgumentException.class, () -> FoldSplitter.builder().optBalanceTolerance(0));
        assertThrows(IllegalArgumentException.class, () -> FoldSplitter.builder().optBalanceTolerance(1));
        assertEquals(0.5, FoldSplitter.builder().optBalanceTolerance(0.5).build().balanceTolerance());
        FoldSplitter defaults = FoldSplitter.builder().build();
        assertEquals(List.of(5, 1L, 0.1, 0.10), List.of(defaults.folds(), defaults.seed(), defaults.validationFraction(),
                defaults.balanceTolerance()));
        assertEquals(42L, FoldSplitter.builder().optSeed(42).build().seed());
    }

    /** The protocol re-stated: which patient goes where, fold by fold. */
    static final class Protocol {
        private Protocol() {
        }

        /** Fisher-Yates from the last position down, as Collections.shuffle documents it. */
        static <T> List<T> shuffled(List<T> in, Random r) {
            List<T> a = new ArrayList<>(in);
            for (int i = a.size() - 1; i > 0; i--) {
                int j = r.nextInt(i + 1);
                T t = a.get(i);
                a.set(i, a.get(j));
                a.set(j, t);
            }
            return a;
        }

        /** SplitMix64's output function applied to seed + fold * the golden gamma 0x9E3779B97F4A7C15. */
        static long foldSeed(long seed, int fold) {
            long z = seed + fold * 0x9E3779B97F4A7C15L;
            z = (z ^ (z >>> 30)) * 0xBF58476D1CE4E5B9L;
            z = (z ^ (z >>> 27)) * 0x94D049BB133111EBL;
            return z ^ (z >>> 31);
        }

        /** The COVID test images per fold when the shuffled patients are only dealt, not balanced. */
        static List<Integer> dealtImages(int[] covidImages, long seed, int folds) {
            List<Integer> sizes = new ArrayList<>();
            for (int n : covidImages) {
                sizes.add(n);
            }
            List<Integer> order = shuffled(sizes, new Random(seed));
            int[] perFold = new int[folds];
            for (int i = 0; i < order.size(); i++) {
                perFold[i % folds] += order.get(i);
            }
            return java.util.Arrays.stream(perFold).boxed().toList();
        }

        static List<FoldSet> split(List<LabelledSlice> index, FoldSplitter options) {
            // patients in natural ID order (patient1 < patient2 < patient10), with their sizes
            Map<String, Integer> covid = new LinkedHashMap<>();
            Map<String, Integer> normal = new LinkedHashMap<>();
            index.stream().map(FoldSplitterProtocolTest::patient).distinct()
                    .sorted((a, b) -> Integer.compare(number(a), number(b)))
                    .forEach(p -> (isCovid(index, p) ? covid : normal).put(p, countOf(index, p)));
            int folds = options.folds();
            List<List<String>> groups = balanced(dealt(new ArrayList<>(covid.keySet()), options), covid);
            List<FoldSet> result = new ArrayList<>();
            for (int k = 1; k <= folds; k++) {
                Random stream = new Random(foldSeed(options.seed(), k));
                Set<String> testedCovid = new HashSet<>(groups.get(k - 1));
                List<String> fitCovid = covid.keySet().stream().filter(p -> !testedCovid.contains(p)).toList();
                int target = fitCovid.stream().mapToInt(covid::get).sum();
                List<String> fitNormal = new ArrayList<>();
                int drawn = 0;
                for (String p : shuffled(new ArrayList<>(normal.keySet()), stream)) {
                    if (drawn >= target) {
                        break;
                    }
                    if (drawn + normal.get(p) <= target * (1 + options.balanceTolerance())) {
                        fitNormal.add(p);
                        drawn += normal.get(p);
                    }
                }
                Set<String> validation = new HashSet<>(carve(fitCovid, covid, stream, options.validationFraction()));
                validation.addAll(carve(fitNormal, normal, stream, options.validationFraction()));
                Set<String> fitting = new HashSet<>(fitCovid);
                fitting.addAll(fitNormal);
                List<LabelledSlice> train = new ArrayList<>();
                List<LabelledSlice> val = new ArrayList<>();
                List<LabelledSlice> test = new ArrayList<>();
                for (LabelledSlice s : index) {
                    String p = patient(s);
                    (validation.contains(p) ? val : fitting.contains(p) ? train : test).add(s);
                }
                result.add(new FoldSet(k, train, val, test));
            }
            return result;
        }

        /** The COVID patients shuffled with the seed and dealt round-robin: patient i to group i mod k. */
        static List<List<String>> dealt(List<String> covid, FoldSplitter options) {
            List<String> order = shuffled(covid, new Random(options.seed()));
            List<List<String>> groups = new ArrayList<>();
            for (int k = 0; k < options.folds(); k++) {
                List<String> group = new ArrayList<>();
                for (int i = k; i < order.size(); i += options.folds()) {
                    group.add(order.get(i));
                }
                groups.add(group);
            }
            return groups;
        }

        /**
         * Swaps one patient of the group with the most images (the first such group) for one of the group with
         * the fewest (the first such) while some swap narrows their gap: the swap giving the narrowest gap, the
         * first in (position in the fuller group, position in the emptier group) order among equals.
         */
        static List<List<String>> balanced(List<List<String>> groups, Map<String, Integer> size) {
            while (true) {
                int[] totals = groups.stream().mapToInt(g -> g.stream().mapToInt(size::get).sum()).toArray();
                int most = 0;
                int fewest = 0;
                for (int k = 0; k < totals.length; k++) {
                    most = totals[k] > totals[most] ? k : most;
                    fewest = totals[k] < totals[fewest] ? k : fewest;
                }
                int gap = totals[most] - totals[fewest];
                int[] best = null;
                int bestGap = gap;
                for (int a = 0; a < groups.get(most).size(); a++) {
                    for (int b = 0; b < groups.get(fewest).size(); b++) {
                        int moved = size.get(groups.get(most).get(a)) - size.get(groups.get(fewest).get(b));
                        if (moved > 0 && Math.abs(gap - 2 * moved) < bestGap) {
                            bestGap = Math.abs(gap - 2 * moved);
                            best = new int[] {a, b};
                        }
                    }
                }
                if (best == null) {
                    return groups;
                }
                String fromFull = groups.get(most).get(best[0]);
                groups.get(most).set(best[0], groups.get(fewest).get(best[1]));
                groups.get(fewest).set(best[1], fromFull);
            }
        }

        private static List<String> carve(List<String> fitting, Map<String, Integer> size, Random stream, double fraction) {
            List<String> chosen = new ArrayList<>();
            if (fitting.size() < 2) {
                return chosen;
            }
            double target = fraction * fitting.stream().mapToInt(size::get).sum();
            int total = 0;
            for (String p : shuffled(fitting, stream)) {
                if (chosen.size() == fitting.size() - 1 || (!chosen.isEmpty() && total >= target)) {
                    break;
                }
                chosen.add(p);
                total += size.get(p);
            }
            return chosen;
        }

        static int number(String patientId) {
            return Integer.parseInt(patientId.substring("patient".length()));
        }

        private static boolean isCovid(List<LabelledSlice> index, String p) {
            return index.stream().anyMatch(s -> patient(s).equals(p) && s.label() == ClassLabel.COVID);
        }

        static int countOf(List<LabelledSlice> index, String p) {
            return (int) index.stream().filter(s -> patient(s).equals(p)).count();
        }
    }
}
