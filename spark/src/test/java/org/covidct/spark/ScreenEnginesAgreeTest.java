package org.covidct.spark;

import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.covidct.app.screen.DetectExpectations;
import org.covidct.app.screen.ResultsTable;
import org.covidct.app.screen.ScreenArchive;
import org.covidct.app.screen.ScreenCli;
import org.covidct.app.screen.ScreenLedger;
import org.covidct.app.screen.SharedDetector;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Issue 13's test: on an archive of 14 series (the three real COVID-CT-MD series, synthetic phantom DICOM written by
 * {@code DicomWriter} at several depths, two series in one folder, a COVID-CTset TIFF folder, a damaged series),
 * {@code covidct screen} on the local engine and on Spark ({@code local[2]}) gives every series the values
 * {@code covidct detect} gives it alone, the model is loaded once per worker process, Parquet holds the same rows, and
 * a rerun into the same OUT processes nothing.
 */
class ScreenEnginesAgreeTest {

    @TempDir
    static Path tmp;
    static Path model;
    static ScreenArchive archive;
    static Map<String, DetectExpectations.Expected> expected;

    @BeforeAll
    static void setUp() throws IOException {
        model = tmp.resolve("model");
        ScreenCli init = ScreenCli.run("init-model", "--arch", "fpn", "--size", "128", "--width", "0.125", "--seed", "11",
                "--out", model.toString());
        assertEquals(0, init.exit(), init.err());
        archive = ScreenArchive.write(tmp.resolve("archive"), Path.of(System.getProperty("covidct.shared"), "data"), 7, true);
        expected = DetectExpectations.detectEach(archive, model, tmp.resolve("detect"));
        assertEquals(14, expected.size(), expected.keySet().toString());
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
    void localAndSparkGiveDetectsValuesForEverySeriesAndRerunsDoNothing() throws IOException {
        Path local = tmp.resolve("out-local");
        int loads = SharedDetector.loads();
        ScreenCli l = screen(local, "--engine", "local");
        assertEquals(0, l.exit(), l.err());
        assertEquals(loads + 1, SharedDetector.loads(), "the local engine loads the model once");
        DetectExpectations.assertMatches(expected, local.resolve(ResultsTable.FILE));

        Path spark = tmp.resolve("out-spark");
        loads = SharedDetector.loads();
        ScreenCli s = screen(spark, "--engine", "spark", "--master", "local[2]");
        assertEquals(0, s.exit(), s.err());
        assertEquals(loads + 1, SharedDetector.loads(), "one executor process (local[2]), one model for its two task threads");
        DetectExpectations.assertMatches(expected, spark.resolve(ResultsTable.FILE));
        assertTrue(s.err().contains("13/13 folders done (14 series, 1 failed)"), s.err());
        assertEquals(valueColumns(local), valueColumns(spark), "the two engines write the same rows in the same order");

        // reruns: nothing to do, nothing rewritten, whichever engine reads the ledger
        for (String engine : List.of("spark", "local")) {
            Map<Path, FileTime> before = ledgerFiles(spark);
            byte[] csv = Files.readAllBytes(spark.resolve(ResultsTable.FILE));
            loads = SharedDetector.loads();
            ScreenCli again = engine.equals("spark") ? screen(spark, "--engine", "spark", "--master", "local[2]")
                    : screen(spark);
            assertEquals(0, again.exit(), again.err());
            assertTrue(again.err().contains("13 already done, 0 to do"), engine + ": " + again.err());
            assertEquals(loads, SharedDetector.loads(), engine + ": no model is loaded when nothing is to do");
            assertEquals(before, ledgerFiles(spark), engine);
            assertTrue(Arrays.equals(csv, Files.readAllBytes(spark.resolve(ResultsTable.FILE))), engine);
        }
        assertParquetHoldsTheCsvRows(spark);
    }

    /** results.csv without its timing column. */
    private static List<List<String>> valueColumns(Path out) {
        List<List<String>> rows = new ArrayList<>();
        for (Map<String, String> r : ResultsTable.read(out.resolve(ResultsTable.FILE))) {
            List<String> v = new ArrayList<>(r.values());
            v.remove(v.size() - 1);
            rows.add(v);
        }
        return rows;
    }

    private static void assertParquetHoldsTheCsvRows(Path out) {
        List<Map<String, String>> csv = ResultsTable.read(out.resolve(ResultsTable.FILE));
        SparkSession spark = SparkSession.builder().master("local[1]").appName("read")
                .config("spark.ui.enabled", "false").config("spark.driver.host", "127.0.0.1")
                .config("spark.driver.bindAddress", "127.0.0.1").getOrCreate();
        try {
            List<Row> rows = spark.read().parquet(out.resolve(SparkScreen.PARQUET).toString()).collectAsList();
            assertEquals(csv.size(), rows.size());
            for (int i = 0; i < rows.size(); i++) {
                Row p = rows.get(i);
                Map<String, String> c = csv.get(i);
                assertEquals(c.get("series_path"), p.getAs("series_path"));
                assertEquals(c.get("decision"), p.getAs("decision") == null ? "" : p.getAs("decision"));
                assertEquals(c.get("kept"), p.getAs("kept") == null ? "" : p.getAs("kept").toString());
                assertEquals(c.get("covid"), p.getAs("covid") == null ? "" : p.getAs("covid").toString());
                assertEquals(c.get("fraction"), p.getAs("fraction") == null ? "" : p.getAs("fraction").toString());
                assertEquals(c.get("error"), p.getAs("error") == null ? "" : p.getAs("error"));
            }
        } finally {
            spark.stop();
        }
    }
}
