package org.covidct.core.split;

import org.covidct.core.dataset.ClassLabel;
import org.covidct.core.dataset.FoldCsv;
import org.covidct.core.dataset.FoldSet;
import org.covidct.core.dataset.LabelledSlice;
import org.covidct.core.dataset.PatientDetails;
import org.covidct.core.dataset.SplitDirectory;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Leaks planted in a copy of a sound split of the real all.csv are each reported (that a sound split has no
 * problem is asserted in FoldSplitterTest).
 */
class SplitCheckerTest {

    private static List<FoldSet> sound;

    @TempDir
    Path dir;

    @BeforeAll
    static void split() {
        sound = FoldSplitter.builder().optSeed(3).build().split(FoldCsv.read(RealData.meta("all.csv")),
                Path.of("all.csv"), PatientDetails.read(RealData.meta("Patient_details.csv")), Path.of("d.csv"));
    }

    @BeforeEach
    void writeCopy() {
        SplitDirectory.write(dir, sound);
    }

    private List<String> problems() {
        return SplitChecker.check(SplitDirectory.open(dir)).problems();
    }

    private static String patient(LabelledSlice s) {
        return s.flatName().patientId();
    }

    @Test
    void aTestPatientSliceMovedIntoTrainingIsALeak() {
        FoldSet f = sound.get(1);
        LabelledSlice moved = f.test().stream().filter(s -> s.label() == ClassLabel.NORMAL).findFirst().orElseThrow();
        List<LabelledSlice> train = new ArrayList<>(f.train());
        train.add(moved);
        List<LabelledSlice> test = new ArrayList<>(f.test());
        test.remove(moved);
        FoldCsv.write(dir.resolve("train2.csv"), train);
        FoldCsv.write(dir.resolve("test2.csv"), test);
        assertEquals(List.of("fold 2: patient " + patient(moved) + " is in both train2.csv and test2.csv"), problems());
    }

    @Test
    void aFileInTwoPartsAndAValidationPatientAlsoTrainedAreLeaks() {
        FoldSet f = sound.get(0);
        LabelledSlice v = f.validation().get(0);
        List<LabelledSlice> train = new ArrayList<>(f.train());
        train.add(v);
        FoldCsv.write(dir.resolve("train1.csv"), train);
        List<String> problems = problems();
        assertTrue(problems.contains("fold 1: " + v.filename() + " is in both train1.csv and validation1.csv"), problems.toString());
        assertTrue(problems.contains("fold 1: patient " + patient(v) + " is in both train1.csv and validation1.csv"),
                problems.toString());
    }

    @Test
    void aCovidPatientTestedTwiceOrNeverIsReported() {
        // the published style: validate on test slices; here one COVID test patient of fold 3 also in fold 4's test
        LabelledSlice covid = sound.get(2).test().stream().filter(s -> s.label() == ClassLabel.COVID).findFirst()
                .orElseThrow();
        String p = patient(covid);
        List<LabelledSlice> test4 = new ArrayList<>(sound.get(3).test());
        test4.add(covid);
        List<LabelledSlice> train4 = sound.get(3).train().stream().filter(s -> !patient(s).equals(p)).toList();
        List<LabelledSlice> val4 = sound.get(3).validation().stream().filter(s -> !patient(s).equals(p)).toList();
        FoldCsv.write(dir.resolve("test4.csv"), test4);
        FoldCsv.write(dir.resolve("train4.csv"), train4);
        FoldCsv.write(dir.resolve("validation4.csv"), val4);
        assertEquals(List.of("COVID patient " + p + " is tested in 2 folds [3, 4]"), problems());

        writeCopy();
        // drop that patient from fold 3's test set: now tested nowhere (and unused in fold 3)
        FoldCsv.write(dir.resolve("test3.csv"), sound.get(2).test().stream().filter(s -> !patient(s).equals(p)).toList());
        assertEquals(List.of("COVID patient " + p + " is tested in no fold"), problems());
        assertTrue(SplitChecker.check(SplitDirectory.open(dir)).warnings().get(0).startsWith("fold 3: 1 patients neither"));
    }

    private static List<LabelledSlice> slices(String group, int patient, int images, ClassLabel label) {
        List<LabelledSlice> rows = new ArrayList<>();
        for (int i = 1; i <= images; i++) {
            rows.add(new LabelledSlice(String.format("%s_patient%d_SR_2_IM%05d.tif", group, patient, i), label));
        }
        return rows;
    }

    @Test
    void normalFittingImagesMoreThanTenPercentFromCovidAreAWarning(@TempDir Path planted) {
        // five COVID patients of 10 slices, one tested per fold: 40 COVID fitting images in every fold, so
        // 36..44 normal ones are within 10% (4.0 exactly in binary); the normal patients of 35, 1, 4, 4 and 1
        // slices are fitted in prefixes giving 45, 44, 36, 35 and 40 normal fitting images in folds 1-5
        int[] normalImages = {35, 1, 4, 4, 1};
        int[] normalFitted = {5, 4, 2, 1, 3};
        List<FoldSet> folds = new ArrayList<>();
        for (int k = 1; k <= 5; k++) {
            List<LabelledSlice> train = new ArrayList<>();
            List<LabelledSlice> validation = new ArrayList<>();
            List<LabelledSlice> test = new ArrayList<>();
            for (int c = 1; c <= 5; c++) {
                // validation counts as fitting: the COVID patient after the tested one validates
                (c == k ? test : c == k % 5 + 1 ? validation : train).addAll(slices("137covid", c, 10, ClassLabel.COVID));
            }
            for (int n = 0; n < normalImages.length; n++) {
                (n < normalFitted[k - 1] ? train : test).addAll(slices("normal1", 10 + n, normalImages[n],
                        ClassLabel.NORMAL));
            }
            folds.add(new FoldSet(k, train, validation, test));
        }
        SplitDirectory.write(planted, folds);
        SplitChecker.Report report = SplitChecker.check(SplitDirectory.open(planted));
        assertEquals(List.of(), report.problems());
        assertEquals(List.of("fold 1: 45 normal fitting images vs 40 COVID (more than 10% apart)",
                "fold 4: 35 normal fitting images vs 40 COVID (more than 10% apart)"), report.warnings());
        assertTrue(report.ok());
    }

    @Test
    void mislabelledRowsDuplicatesAndMissingFoldsAreReported() throws IOException {
        FoldSet f = sound.get(4);
        List<LabelledSlice> test = new ArrayList<>(f.test());
        LabelledSlice first = test.get(0);
        test.set(0, new LabelledSlice(first.filename(), first.label().other()));
        test.add(test.get(1));
        FoldCsv.write(dir.resolve("test5.csv"), test);
        Files.delete(dir.resolve("validation2.csv"));
        List<String> problems = problems();
        assertTrue(problems.contains("fold 2: validation2.csv is missing"), problems.toString());
        assertTrue(problems.contains("test5.csv line 2: " + first.filename() + " is labelled " + first.label().other()
                + " but its group is " + first.label()), problems.toString());
        assertTrue(problems.contains("test5.csv line " + (test.size() + 1) + ": " + test.get(1).filename()
                + " is listed twice"), problems.toString());
        Files.delete(dir.resolve("train3.csv"));
        Files.delete(dir.resolve("test3.csv"));
        Files.delete(dir.resolve("validation3.csv"));
        assertTrue(problems().contains("fold 3 is missing (folds present: [1, 2, 4, 5])"), problems().toString());
    }
}
