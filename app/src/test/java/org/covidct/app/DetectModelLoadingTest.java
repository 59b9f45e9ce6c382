package org.covidct.app;

import org.covidct.nn.model.Architecture;
import org.covidct.nn.run.RunDir;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * detect loads the weights while it reads and selects the slices: a model whose weights turn out damaged only once
 * loaded must still end detect with one error line, exit 2, and no output, as when the model was loaded first.
 */
class DetectModelLoadingTest {

    @TempDir
    static Path tmp;
    static Path series;

    @BeforeAll
    static void setUp() {
        String shared = System.getProperty("covidct.shared");
        assertNotNull(shared, "system property covidct.shared (the shared data folder) is not set");
        series = Path.of(shared, "data", "real", "covid-ct-md", "covid", "P001");
        assertTrue(Files.isDirectory(series), "real data missing: " + series);
    }

    @Test
    void weightsFoundDamagedWhileTheSeriesIsReadEndDetectWithOneErrorLine() throws IOException {
        Path model = TestModels.initialised(tmp.resolve("model"), Architecture.FPN, 128, 0.125, 5);
        Path weights = model.resolve(RunDir.WEIGHTS);
        try (var ch = Files.newByteChannel(weights, StandardOpenOption.WRITE)) {
            ch.truncate(Files.size(weights) / 2);
        }
        Path out = tmp.resolve("out");
        CliRun r = CliRun.of("detect", "--model", model.toString(), series.toString(), "--out", out.toString(), "-q",
                "--allow-unvalidated");
        assertEquals(2, r.exit(), r.err());
        String[] lines = r.err().strip().split("\n");
        assertEquals(1, lines.length, "one line, no stack trace: " + r.err());
        assertTrue(lines[0].startsWith("covidct: error: " + weights + ": weights are damaged or truncated"), lines[0]);
        assertFalse(Files.exists(out), "no output folder for a failed detect");
        try (var listing = Files.list(tmp)) {
            assertEquals(1, listing.count(), "no temporary debris beside the output");
        }
    }

    @Test
    void theBackgroundLoadGivesTheSameDecisionAsDetectWithTheModelLoadedFirst() throws IOException {
        Path model = TestModels.initialised(tmp.resolve("model-ok"), Architecture.FPN, 128, 0.125, 6);
        Path out = tmp.resolve("ok");
        CliRun r = CliRun.of("detect", "--model", model.toString(), series.toString(), "--out", out.toString(), "-q",
                "--allow-unvalidated");
        assertEquals(0, r.exit(), r.err());
        String csv = Files.readString(out.resolve("detection.csv"));
        // the same slices through a scorer loaded before anything is read
        try (org.covidct.app.detect.ClassifierScorer eager = new org.covidct.app.detect.ClassifierScorer(model, 1)) {
            var kept = csv.lines().skip(1).map(l -> l.split(",", -1)).filter(c -> c[2].equals("1")).toList();
            assertEquals(90, kept.size(), "P001 keeps 90 slices");
            var sources = org.covidct.core.load.SeriesLoader.open(series).slices();
            for (String[] row : kept.subList(0, 3)) {
                var slice = sources.stream().filter(s -> s.name().equals(row[1])).findFirst().orElseThrow().read();
                double p = eager.pCovid(java.util.List.of(slice))[0];
                assertEquals(p, Double.parseDouble(row[4]), 1e-5, row[1]);
            }
        }
    }
}
