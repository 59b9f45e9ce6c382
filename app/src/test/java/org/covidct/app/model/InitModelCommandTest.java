package org.covidct.app.model;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.djl.ndarray.NDManager;
import java.nio.file.Path;
import org.covidct.nn.model.Architecture;
import org.covidct.nn.run.LoadedRun;
import org.covidct.nn.run.RunDir;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class InitModelCommandTest {

    @TempDir
    Path tmp;

    private String init(String dir, String seed) {
        CliRun r = CliRun.of("init-model", "--arch", "fpn", "--size", "96", "--width", "0.125", "--seed", seed,
                "--out", tmp.resolve(dir).toString());
        assertEquals(0, r.exit(), r.err());
        return RunDir.readManifest(tmp.resolve(dir)).weightsSha256();
    }

    @Test
    void sameSeedSameWeightsAndLoadable() {
        String a = init("a", "5");
        String b = init("b", "5");
        String c = init("c", "6");
        assertEquals(a, b);
        assertNotEquals(a, c);
        assertEquals(a, RunDir.sha256Of(tmp.resolve("a").resolve(RunDir.WEIGHTS)));
        try (NDManager m = NDManager.newBaseManager()) {
            LoadedRun run = RunDir.load(tmp.resolve("a"), Architecture.FPN, m);
            assertEquals(96, run.manifest().inputSize());
            assertEquals(5L, run.manifest().seed());
            assertTrue(run.manifest().createdBy().startsWith("covidct init-model"));
        }
    }

    @Test
    void benchInferPrintsThroughputAndPeakMemory() {
        CliRun r = CliRun.of("bench", "infer", "--arch", "resnet50v2", "--size", "64", "--width", "0.125",
                "--batch", "2", "--iterations", "2", "--warmup", "1");
        assertEquals(0, r.exit(), r.err());
        assertTrue(r.out().matches("(?s).*slices_per_sec=\\d+\\.\\d+\n.*"), r.out());
        assertTrue(r.out().matches("(?s).*peak_rss_mb=[1-9]\\d*\n.*"), r.out());
    }

    @Test
    void benchInferProfileWritesTheOpTraceAndRefusesAMissingFolder() throws Exception {
        Path trace = tmp.resolve("trace.json");
        CliRun r = CliRun.of("bench", "infer", "--arch", "fpn", "--size", "96", "--width", "0.125",
                "--iterations", "1", "--warmup", "0", "--profile", trace.toString());
        assertEquals(0, r.exit(), r.err());
        String json = java.nio.file.Files.readString(trace);
        assertTrue(json.contains("aten::conv2d"), "the trace names the convolutions");
        assertTrue(json.trim().startsWith("{") || json.trim().startsWith("["), "a Chrome trace is JSON");

        CliRun bad = CliRun.of("bench", "infer", "--arch", "fpn", "--size", "96", "--width", "0.125",
                "--iterations", "1", "--warmup", "0", "--profile", tmp.resolve("no/such/folder/t.json").toString());
        assertEquals(2, bad.exit());
        assertTrue(bad.err().startsWith("covidct: error: ") && bad.err().contains("no/such/folder"), bad.err());
        assertEquals(1, bad.err().strip().lines().count(), bad.err());
    }
}
