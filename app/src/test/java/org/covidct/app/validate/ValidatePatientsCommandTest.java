package org.covidct.app.validate;

import org.covidct.app.CliRun;
import org.covidct.app.Main;
import org.covidct.app.TestModels;
import org.covidct.core.dataset.ClassLabel;
import org.covidct.core.dataset.FlatName;
import org.covidct.core.dataset.FoldCsv;
import org.covidct.core.dataset.LabelledSlice;
import org.covidct.core.phantom.PhantomDataset;
import org.covidct.core.phantom.PhantomGenerator;
import org.covidct.nn.model.Architecture;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Collectors;

import static org.junit.jupiter.api.Assertions.*;

/**
 * {@code covidct validate-patients} on a small phantom cohort: the fold's test patients (by ID) are the
 * rows, the counts agree with the per-patient rows, and the sweep files are consistent.
 */
class ValidatePatientsCommandTest {

    @TempDir
    static Path tmp;
    static Path data;
    static Path model;

    @BeforeAll
    static void cohort() {
        data = tmp.resolve("cohort");
        PhantomDataset.builder().setGenerator(PhantomGenerator.builder().setSeed(9).optSize(64).optCovidFraction(0.5).build())
                .setPatients(8).build().write(data);
        // own fold CSVs, patient-wise: the point here is the command, not the splitter
        List<LabelledSlice> all = FoldCsv.read(data.resolve("all.csv"));
        List<String> covid = all.stream().filter(s -> s.label() == ClassLabel.COVID).map(s -> s.flatName().patientId())
                .distinct().sorted().toList();
        List<String> normal = all.stream().filter(s -> s.label() == ClassLabel.NORMAL).map(s -> s.flatName().patientId())
                .distinct().sorted().toList();
        Set<String> test = Set.of(covid.get(0), covid.get(1), normal.get(0), normal.get(1));
        Set<String> validation = Set.of(covid.get(2), normal.get(2));
        Path folds = data.resolve("folds");
        FoldCsv.write(folds.resolve("test1.csv"), all.stream().filter(s -> test.contains(s.flatName().patientId())).toList());
        FoldCsv.write(folds.resolve("validation1.csv"),
                all.stream().filter(s -> validation.contains(s.flatName().patientId())).toList());
        FoldCsv.write(folds.resolve("train1.csv"), all.stream().filter(s -> !test.contains(s.flatName().patientId())
                && !validation.contains(s.flatName().patientId())).toList());
        model = TestModels.initialised(tmp.resolve("model"), Architecture.RESNET50V2, 64, 0.125, 5);
    }

    @Test
    void foldCountsMatchThePatientRowsAndTheTestCsv() throws IOException {
        Path out = tmp.resolve("out");
        int status = Main.run("validate-patients", "--model", model.toString(), "--data", data.resolve("full").toString(),
                "--split", data.resolve("folds").toString(), "--fold", "1", "--out", out.toString(), "--sweep", "-q",
                "--allow-unvalidated");
        assertEquals(0, status);
        Set<String> expected = FoldCsv.read(data.resolve("folds/test1.csv")).stream().map(LabelledSlice::flatName)
                .map(FlatName::patientId).collect(Collectors.toCollection(TreeSet::new));
        List<String[]> rows = Files.readAllLines(out.resolve("fold1_patients.csv")).stream().skip(1)
                .map(l -> l.split(",", -1)).toList();
        assertEquals(expected, rows.stream().map(r -> r[0]).collect(Collectors.toCollection(TreeSet::new)));
        for (String[] r : rows) {
            assertEquals("SR_2", r[2].substring(r[2].lastIndexOf('/') + 1));
            assertTrue(Integer.parseInt(r[4]) > 0, "selection keeps slices of " + r[0]);
        }
        long ctp = rows.stream().filter(r -> r[1].equals("covid") && r[7].equals("covid")).count();
        long nfp = rows.stream().filter(r -> r[1].equals("covid") && r[7].equals("normal")).count();
        long cfp = rows.stream().filter(r -> r[1].equals("normal") && r[7].equals("covid")).count();
        long ntp = rows.stream().filter(r -> r[1].equals("normal") && r[7].equals("normal")).count();
        List<String> counts = Files.readAllLines(out.resolve("fold1.csv"));
        assertEquals("model_name,fold_num,fraction,patients,tp,fp,ctp,cfp,ntp,nfp,undecided,misidentified", counts.get(0));
        String[] c = counts.get(1).split(",", 12);
        assertEquals(List.of("resnet50v2", "1", "0.10", String.valueOf(rows.size()), String.valueOf(ctp + ntp),
                        String.valueOf(cfp + nfp), String.valueOf(ctp), String.valueOf(cfp), String.valueOf(ntp),
                        String.valueOf(nfp), "0"),
                Arrays.asList(c).subList(0, 11));
        long wrong = rows.stream().filter(r -> r[8].equals("0")).count();
        assertEquals(wrong, c[11].isEmpty() ? 0 : c[11].split(";").length);

        List<String> sweep = Files.readAllLines(out.resolve("fold1_sweep.csv"));
        assertEquals(102, sweep.size(), "header and fractions 0, 0.01, ..., 1");
        String atTen = sweep.stream().filter(l -> l.startsWith("0.1,")).findFirst().orElseThrow();
        assertEquals(String.join(",", Arrays.asList(c).subList(4, 10)), String.join(",", Arrays.asList(atTen.split(",")).subList(1, 7)),
                "the sweep at 0.1 repeats the fold's counts");
        assertTrue(Files.size(out.resolve("fold1_roc.png")) > 1000);
        assertTrue(Files.readString(out.resolve("fold1_operating_point.csv")).contains(",validation,"));
        // the untrained model, accepted with --allow-unvalidated: said beside the paper's tables
        assertTrue(Files.readString(out.resolve("fold1_warnings.txt"))
                .startsWith("Unvalidated model, accepted with --allow-unvalidated: the model is untrained"));
    }

    @Test
    void anUnvalidatedModelIsRefused() {
        Path out = tmp.resolve("refused");
        CliRun r = CliRun.of("validate-patients", "--model", model.toString(), "--data", data.resolve("full").toString(),
                "--split", data.resolve("folds").toString(), "--fold", "1", "--out", out.toString(), "-q");
        assertEquals(Main.USER_ERROR, r.exit());
        assertEquals(1, r.err().lines().count(), r.err());
        assertTrue(r.err().startsWith("covidct: error: " + model + ": refused: the model is untrained"), r.err());
        assertFalse(Files.exists(out.resolve("fold1.csv")), "nothing written");
    }

    @Test
    void allFoldsNeedsOneModelPerFold() {
        int status = Main.run("validate-patients", "--model", model.toString(), "--data", data.resolve("full").toString(),
                "--split", data.resolve("folds").toString(), "--all-folds", "--out", tmp.resolve("x").toString(), "-q");
        assertEquals(Main.USER_ERROR, status);
        assertFalse(Files.exists(tmp.resolve("x")));
    }
}
