package org.covidct.core.split;

import org.covidct.core.CovidctException;
import org.covidct.core.dataset.ClassLabel;
import org.covidct.core.dataset.FoldCsv;
import org.covidct.core.dataset.FoldSet;
import org.covidct.core.dataset.LabelledSlice;
import org.covidct.core.dataset.PatientDetails;
import org.covidct.core.dataset.SplitDirectory;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The protocol rules of REFERENCE section 1, asserted on every fold of a split of the real all.csv. */
class FoldSplitterTest {

    private static List<LabelledSlice> index;
    private static PatientDetails details;
    private static List<FoldSet> folds;

    @BeforeAll
    static void splitTheRealIndex() {
        index = FoldCsv.read(RealData.meta("all.csv"));
        details = PatientDetails.read(RealData.meta("Patient_details.csv"));
        folds = FoldSplitter.builder().optSeed(7).build().split(index, Path.of("all.csv"), details,
                Path.of("Patient_details.csv"));
    }

    private static String patient(LabelledSlice s) {
        return s.flatName().patientId();
    }

    private static Set<String> patients(Collection<LabelledSlice> slices, ClassLabel label) {
        return slices.stream().filter(s -> label == null || s.label() == label).map(FoldSplitterTest::patient)
                .collect(Collectors.toSet());
    }

    private static int images(Collection<LabelledSlice> slices, ClassLabel label) {
        return (int) slices.stream().filter(s -> s.label() == label).count();
    }

    @Test
    void everyFoldIsPatientDisjointAndCoversTheWholeIndexOnce() {
        assertEquals(5, folds.size());
        Set<String> allPatients = patients(index, null);
        assertEquals(377, allPatients.size());
        for (FoldSet f : folds) {
            Set<String> train = patients(f.train(), null);
            Set<String> validation = patients(f.validation(), null);
            Set<String> test = patients(f.test(), null);
            assertTrue(disjoint(train, test), "fold " + f.fold() + " train/test share a patient");
            assertTrue(disjoint(validation, test), "fold " + f.fold() + " validation/test share a patient");
            assertTrue(disjoint(train, validation), "fold " + f.fold() + " train/validation share a patient");
            // every slice in exactly one part: all other normal patients are tested
            List<LabelledSlice> union = new ArrayList<>(f.train());
            union.addAll(f.validation());
            union.addAll(f.test());
            assertEquals(index.size(), union.size());
            assertEquals(new HashSet<>(index), new HashSet<>(union));
        }
    }

    @Test
    void everyCovidPatientIsTestedInExactlyOneFoldAboutAFifthPerFold() {
        Map<String, Integer> timesTested = new HashMap<>();
        for (FoldSet f : folds) {
            Set<String> tested = patients(f.test(), ClassLabel.COVID);
            assertEquals(19, tested.size(), "fold " + f.fold() + ": 95 COVID patients / 5 folds");
            int testImages = images(f.test(), ClassLabel.COVID);
            assertTrue(testImages > 0.15 * 2282 && testImages < 0.25 * 2282, "fold " + f.fold() + ": " + testImages);
            tested.forEach(p -> timesTested.merge(p, 1, Integer::sum));
        }
        assertEquals(95, timesTested.size());
        assertTrue(timesTested.values().stream().allMatch(n -> n == 1), timesTested.toString());
    }

    @Test
    void normalFittingImagesAreWithinTenPercentOfCovidFittingImages() {
        for (FoldSet f : folds) {
            int covid = images(f.fitting(), ClassLabel.COVID);
            int normal = images(f.fitting(), ClassLabel.NORMAL);
            assertEquals(2282 - images(f.test(), ClassLabel.COVID), covid);
            assertTrue(Math.abs(normal - covid) <= 0.10 * covid, "fold " + f.fold() + ": " + normal + " vs " + covid);
            // the rest of the normal patients are all tested
            assertEquals(9776 - normal, images(f.test(), ClassLabel.NORMAL));
        }
    }

    @Test
    void validationIsCarvedFromFittingPatientsOfBothClasses() {
        for (FoldSet f : folds) {
            for (ClassLabel c : ClassLabel.values()) {
                int fit = images(f.fitting(), c);
                int val = images(f.validation(), c);
                assertTrue(patients(f.validation(), c).size() >= 1);
                // about a tenth: at least the target, at most one patient (< 120 slices) beyond it
                assertTrue(val >= 0.1 * fit && val < 0.1 * fit + 120, "fold " + f.fold() + " " + c + ": " + val
                        + " of " + fit);
            }
        }
    }

    @Test
    void theSameSeedGivesTheSameSplitAndAnotherSeedAnother() {
        List<FoldSet> again = FoldSplitter.builder().optSeed(7).build().split(index, Path.of("all.csv"), details,
                Path.of("Patient_details.csv"));
        assertEquals(folds, again);
        List<FoldSet> other = FoldSplitter.builder().optSeed(8).build().split(index, Path.of("all.csv"), details,
                Path.of("Patient_details.csv"));
        assertNotEquals(folds.get(0).test(), other.get(0).test());
    }

    @Test
    void theCheckerFindsNoProblemInTheSplit(@TempDir Path out) {
        SplitDirectory.write(out, folds);
        SplitChecker.Report report = SplitChecker.check(SplitDirectory.open(out));
        assertEquals(List.of(), report.problems());
        assertEquals(List.of(), report.warnings());
        // the checker's table, from the CSVs it read back, against counts made here from the split itself
        List<FoldTable.Row> expected = new ArrayList<>();
        for (FoldSet f : folds) {
            expected.add(new FoldTable.Row(f.fold(), count(f.fitting(), ClassLabel.COVID),
                    count(f.fitting(), ClassLabel.NORMAL), count(f.test(), ClassLabel.COVID),
                    count(f.test(), ClassLabel.NORMAL), count(f.validation(), ClassLabel.COVID),
                    count(f.validation(), ClassLabel.NORMAL)));
        }
        assertEquals(expected, report.table().rows());
        // every fold fits all COVID patients but the 19 it tests
        report.table().rows().forEach(r -> assertEquals(76, r.fitCovid().patients(), "fold " + r.fold()));
    }

    private static FoldTable.Count count(List<LabelledSlice> slices, ClassLabel label) {
        return new FoldTable.Count(patients(slices, label).size(), images(slices, label));
    }

    @Test
    void inconsistentInputsAreErrorsNamingTheFile() {
        List<LabelledSlice> mislabelled = new ArrayList<>(index);
        mislabelled.set(3, new LabelledSlice(index.get(3).filename(), ClassLabel.NORMAL));
        CovidctException e = assertThrows(CovidctException.class, () -> FoldSplitter.builder().build()
                .split(mislabelled, Path.of("all.csv"), details, Path.of("d.csv")));
        assertEquals("all.csv: line 5: 137covid_patient1_SR_2_IM00013.tif is labelled normal but its group 137covid"
                + " is covid", e.getMessage());
        List<LabelledSlice> unknown = new ArrayList<>(index);
        unknown.add(new LabelledSlice("normal9_patient999_SR_2_IM00001.tif", ClassLabel.NORMAL));
        CovidctException u = assertThrows(CovidctException.class, () -> FoldSplitter.builder().build()
                .split(unknown, Path.of("all.csv"), details, Path.of("d.csv")));
        assertEquals("d.csv: patient patient999 of all.csv is not listed", u.getMessage());
        List<LabelledSlice> duplicated = new ArrayList<>(index);
        duplicated.add(index.get(0));
        assertThrows(CovidctException.class, () -> FoldSplitter.builder().build()
                .split(duplicated, Path.of("all.csv"), details, Path.of("d.csv")));
    }

    private static boolean disjoint(Set<String> a, Set<String> b) {
        return a.stream().noneMatch(b::contains);
    }

    static List<FoldSet> folds() {
        return folds;
    }
}
