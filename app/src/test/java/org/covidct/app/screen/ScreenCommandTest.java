package org.covidct.app.screen;

import org.covidct.app.TestModels;
import org.covidct.nn.model.Architecture;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * {@code covidct screen --engine local} on an archive of real and synthetic series: one row per series with the
 * values detect gives for that series alone, failures as rows, a rerun that does nothing, a resumed run that does
 * only what is missing, and one-line refusals.
 */
class ScreenCommandTest {

    @TempDir
    static Path tmp;
    static Path model;
    static ScreenArchive archive;
    static Map<String, DetectExpectations.Expected> expected;

    @BeforeAll
    static void setUp() throws IOException {
        Path shared = Path.of(System.getProperty("covidct.shared"), "data");
        model = TestModels.initialised(tmp.resolve("model"), Architecture.FPN, 128, 0.125, 5);
        // synthetic series only: the real ones are screened in the Spark module's test, beside both engines
        archive = ScreenArchive.write(tmp.resolve("archive"), shared, 3, false);
        expected = DetectExpectations.detectEach(archive, model, tmp.resolve("detect"));
    }

    static ScreenCli screen(Path out, String... more) {
        List<String> args = new ArrayList<>(List.of("screen", archive.root().toString(), "--model", model.toString(),
                "--out", out.toString()));
        args.addAll(DetectExpectations.modelOptions());
        args.addAll(List.of(more));
        return ScreenCli.run(args.toArray(String[]::new));
    }

    static Map<Path, FileTime> ledgerFiles(Path out) throws IOException {
        Map<Path, FileTime> m = new TreeMap<>();
        try (Stream<Path> s = Files.walk(out.resolve(ScreenLedger.FOLDER))) {
            for (Path p : s.filter(Files::isRegularFile).toList()) {
                m.put(p, Files.getLastModifiedTime(p));
            }
        }
        return m;
    }

    @Test
    void everySeriesGetsDetectsValuesAndARerunDoesNothing() throws IOException {
        Path out = tmp.resolve("local");
        ScreenCli first = screen(out, "--in-flight", "3");
        assertEquals(0, first.exit(), first.err());
        assertEquals(7, expected.size(), "synthetic DICOM, two in one folder, TIFF, damaged: " + expected.keySet());
        DetectExpectations.assertMatches(expected, out.resolve(ResultsTable.FILE));
        assertTrue(first.err().contains(expected.size() - 1 + " series folders under"), first.err());
        assertTrue(first.err().matches("(?s).*screen: \\d+/" + (expected.size() - 1)
                + " folders done \\(\\d+ series, \\d+ failed\\), [0-9.]+ series/min.*"), first.err());
        assertTrue(first.err().contains("/" + (expected.size() - 1) + " folders done (" + expected.size()
                + " series, 1 failed)"), "the last line counts every series: " + first.err());
        assertTrue(first.out().contains("failed 1"), first.out());

        byte[] csv = Files.readAllBytes(out.resolve(ResultsTable.FILE));
        Map<Path, FileTime> ledger = ledgerFiles(out);
        assertEquals(expected.size() - 1, ledger.size(), "one ledger entry per folder");
        ScreenCli again = screen(out);
        assertEquals(0, again.exit(), again.err());
        assertTrue(again.err().contains((expected.size() - 1) + " already done, 0 to do"), again.err());
        assertTrue(again.out().contains("this run: 0 folders (0 series)"), again.out());
        assertEquals(ledger, ledgerFiles(out), "a rerun rewrites no ledger entry");
        assertTrue(java.util.Arrays.equals(csv, Files.readAllBytes(out.resolve(ResultsTable.FILE))),
                "the same results.csv");
    }

    @Test
    void aRunCutShortIsResumedWithOnlyTheMissingFolders() throws IOException {
        Path out = tmp.resolve("resumed");
        assertEquals(0, screen(out, "-q").exit());
        ScreenLedger ledger = new ScreenLedger(out);
        // as if the process had been killed before these two folders were entered
        ledger.forget("site-b/patient1/study/series");
        ledger.forget("site-a/2021/mixed");
        Map<Path, FileTime> before = ledgerFiles(out);
        ScreenCli resumed = screen(out);
        assertEquals(0, resumed.exit(), resumed.err());
        assertTrue(resumed.err().contains("2 to do"), resumed.err());
        assertTrue(resumed.out().contains("this run: 2 folders (3 series)"), resumed.out());
        Map<Path, FileTime> after = ledgerFiles(out);
        before.forEach((p, t) -> assertEquals(t, after.get(p), "untouched: " + p));
        assertEquals(before.size() + 2, after.size());
        DetectExpectations.assertMatches(expected, out.resolve(ResultsTable.FILE));

        // failures are results too: redone only when asked
        ScreenCli retry = screen(out, "--retry-failed");
        assertTrue(retry.err().contains("1 to do"), retry.err());
        DetectExpectations.assertMatches(expected, out.resolve(ResultsTable.FILE));
    }

    @Test
    void anotherModelOrOtherSettingsAreRefusedInTheSameOut() throws IOException {
        Path out = tmp.resolve("refusals");
        // one folder is enough for the manifest: the first run writes it
        ScreenLedger ledger = new ScreenLedger(out);
        archive.entries().keySet().stream().filter(k -> !k.equals("series-2"))
                .forEach(k -> ledger.record(k.replaceFirst("#.*", ""), List.of(ScreenRow.failed(k, 0, null, null, "x", 0))));
        assertEquals(0, screen(out, "-q").exit());
        assertTrue(ledger.rows("series-2").isPresent());
        ScreenCli other = screen(out, "--covid-fraction", "0.2");
        assertEquals(2, other.exit());
        assertTrue(other.err().startsWith("covidct: error: " + out + ": holds a screen made with different settings"),
                other.err());
        assertEquals(1, other.err().strip().lines().count(), other.err());
        Path otherModel = TestModels.initialised(tmp.resolve("model2"), Architecture.FPN, 128, 0.125, 6);
        List<String> args = new ArrayList<>(List.of("screen", archive.root().toString(), "--model", otherModel.toString(),
                "--out", out.toString()));
        args.addAll(DetectExpectations.modelOptions());
        ScreenCli m = ScreenCli.run(args.toArray(String[]::new));
        assertEquals(2, m.exit());
        assertTrue(m.err().contains("different model"), m.err());
    }

    @Test
    void badInvocationsAreOneLineErrors() throws IOException {
        Path out = tmp.resolve("bad");
        ScreenCli series = screen(out, "--series", "SR_3");
        assertEquals(2, series.exit());
        assertTrue(series.err().contains("screen analyses every series under ROOT"), series.err());
        ScreenCli master = screen(out, "--master", "local[2]");
        assertEquals(2, master.exit());
        assertTrue(master.err().contains("--master applies to --engine spark only"), master.err());
        Path empty = Files.createDirectories(tmp.resolve("empty"));
        ScreenCli none = ScreenCli.run("screen", empty.toString(), "--model", model.toString(), "--out", out.toString());
        assertEquals(2, none.exit());
        assertEquals("covidct: error: " + empty + ": no CT series (folders of TIFF or DICOM slices) under this folder",
                none.err().strip());
        assertFalse(Files.exists(out.resolve(ResultsTable.FILE)), "nothing written");
        ScreenCli unknown = screen(out, "--engine", "hadoop");
        assertEquals(2, unknown.exit());
        assertTrue(unknown.err().contains("--engine hadoop: unknown engine"), unknown.err());
    }
}
