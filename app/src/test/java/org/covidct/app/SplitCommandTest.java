package org.covidct.app;

import org.covidct.core.dataset.FoldCsv;
import org.covidct.core.dataset.LabelledSlice;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

class SplitCommandTest {

    @TempDir
    Path tmp;

    /** Exit status and captured output of one CLI run. */
    record Run(int status, String out, String err) {
    }

    static Run cli(String... args) {
        PrintStream oldOut = System.out;
        PrintStream oldErr = System.err;
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        try {
            System.setOut(new PrintStream(out, true, StandardCharsets.UTF_8));
            System.setErr(new PrintStream(err, true, StandardCharsets.UTF_8));
            int status = Main.run(args);
            return new Run(status, out.toString(StandardCharsets.UTF_8), err.toString(StandardCharsets.UTF_8));
        } finally {
            System.setOut(oldOut);
            System.setErr(oldErr);
        }
    }

    private static Path meta(String file) {
        String shared = System.getProperty("covidct.shared");
        if (shared == null) {
            fail("system property covidct.shared is not set");
        }
        return Path.of(shared, "data", "covid-ctset-meta", file);
    }

    @Test
    void splitsTheRealIndexPrintsTheFoldTableAndItsCheckPasses() throws IOException {
        Path out = tmp.resolve("folds");
        Run run = cli("split", "--index", meta("all.csv").toString(), "--patients", meta("Patient_details.csv").toString(),
                "--out", out.toString(), "--seed", "11");
        assertEquals(0, run.status(), run.err());
        assertTrue(run.out().startsWith("| fold | train covid pat. | train covid img | train normal pat. | train normal img"
                + " | test covid pat. | test covid img | test normal pat. | test normal img |\n|---|"), run.out());
        for (int k = 1; k <= 5; k++) {
            for (String part : new String[]{"train", "validation", "test"}) {
                assertTrue(Files.isRegularFile(out.resolve(part + k + ".csv")), part + k);
            }
        }
        assertTrue(Files.readString(out.resolve("folds.md")).contains("--seed 11"));
        Run check = cli("split", "--check", out.toString());
        assertEquals(0, check.status(), check.err());
        assertEquals("", check.err());
        assertTrue(check.out().endsWith("split check passed: " + out + "\n"), check.out());
        // the same seed writes identical files
        Path again = tmp.resolve("again");
        cli("split", "--index", meta("all.csv").toString(), "--patients", meta("Patient_details.csv").toString(),
                "--out", again.toString(), "--seed", "11");
        assertEquals(Files.readString(out.resolve("test3.csv")), Files.readString(again.resolve("test3.csv")));
    }

    @Test
    void checkCatchesALeakPlantedInACopyAndExitsNonZero() {
        Path out = tmp.resolve("folds");
        assertEquals(0, cli("split", "--index", meta("all.csv").toString(), "--patients",
                meta("Patient_details.csv").toString(), "--out", out.toString()).status());
        List<LabelledSlice> test = FoldCsv.read(out.resolve("test4.csv"));
        List<LabelledSlice> train = new ArrayList<>(FoldCsv.read(out.resolve("train4.csv")));
        LabelledSlice leaked = test.get(test.size() - 1);
        train.add(leaked);
        FoldCsv.write(out.resolve("train4.csv"), train);
        Run check = cli("split", "--check", out.toString());
        assertEquals(SplitCommand.CHECK_FAILED, check.status());
        String patient = leaked.flatName().patientId();
        assertTrue(check.err().contains("covidct: problem: fold 4: " + leaked.filename() + " is in both train4.csv and test4.csv"),
                check.err());
        assertTrue(check.err().contains("covidct: problem: fold 4: patient " + patient + " is in both train4.csv and test4.csv"),
                check.err());
        assertTrue(check.err().contains("covidct: error: " + out + ": split check failed, 2 problems"), check.err());
    }

    @Test
    void badCsvInputsAreOneLineErrorsAndWriteNothing() throws IOException {
        Path index = tmp.resolve("all.csv");
        Files.writeString(index, "filename,class\n137covid_patient1_SR_2_IM00010.tif,covid\n"
                + "normal1_patient2_SR_2_IM00001.tif,healthy\n");
        Path out = tmp.resolve("out");
        assertOneLineError(cli("split", "--index", index.toString(), "--patients", meta("Patient_details.csv").toString(),
                "--out", out.toString()), index + ": line 3: unknown class 'healthy' (expected covid or normal)");
        Files.writeString(index, "name,class\na.tif,covid\n");
        assertOneLineError(cli("split", "--index", index.toString(), "--patients", meta("Patient_details.csv").toString(),
                "--out", out.toString()), index + ": line 1: missing column 'filename' (header is: name,class)");
        Path details = tmp.resolve("Patient_details.csv");
        Files.writeString(details, "Patient ID,SEX,AGE,Date\npatient1,F,050Y,20200101\n");
        assertOneLineError(cli("split", "--index", meta("all.csv").toString(), "--patients", details.toString(),
                "--out", out.toString()), details + ": line 1: missing column 'COVID-19 Infection' (header is: Patient ID,SEX,AGE,Date)");
        Files.writeString(index, "");
        assertOneLineError(cli("split", "--index", index.toString(), "--patients", meta("Patient_details.csv").toString(),
                "--out", out.toString()), index + ": empty file (expected a header row filename,class)");
        assertTrue(!Files.exists(out) || isEmpty(out), "no output on bad input");
        Path empty = Files.createDirectory(tmp.resolve("empty"));
        assertOneLineError(cli("split", "--check", empty.toString()),
                empty + ": no fold CSVs (expected train{k}.csv, validation{k}.csv, test{k}.csv)");
    }

    @Test
    void contradictoryOptionsAreUsageErrors() {
        Run run = cli("split", "--check", tmp.toString(), "--out", tmp.toString());
        assertEquals(2, run.status());
        assertTrue(run.err().startsWith("covidct: error: --check takes no --index, --patients or --out"), run.err());
        assertEquals(1, run.err().lines().count(), run.err());
        Run fraction = cli("split", "--index", "a", "--patients", "b", "--out", "c", "--validation-fraction", "0.9");
        assertEquals(2, fraction.status());
        assertTrue(fraction.err().startsWith("covidct: error: validation fraction must be in (0, 0.5]: 0.9"),
                fraction.err());
    }

    private static void assertOneLineError(Run run, String message) {
        assertEquals(Main.USER_ERROR, run.status(), run.err());
        assertEquals("covidct: error: " + message + "\n", run.err().replace("\r\n", "\n"));
    }

    private static boolean isEmpty(Path dir) throws IOException {
        try (Stream<Path> s = Files.list(dir)) {
            return s.findAny().isEmpty();
        }
    }
}
