package org.covidct.app.train;

import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Bad input to train and evaluate (one line on stderr naming the problem, exit status 2, nothing written),
 * and evaluate --all-folds, on untrained models written by init-model (cheap: no training needed).
 */
class TrainEvaluateBadInputTest {

    @TempDir
    static Path tmp;
    static Path data;
    static Path model;

    @BeforeAll
    static void setUp() throws Exception {
        data = tmp.resolve("data");
        Files.createDirectories(data);
        TrainEvaluateCommandTest.writeDatasetTo(data, 64, new int[] {4, 2, 2});
        model = tmp.resolve("model");
        var init = TrainEvaluateCommandTest.cli("init-model", "--arch", "resnet50v2", "--size", "64", "--width", "0.125",
                "--out", model.toString());
        assertEquals(0, init.exit(), init.err());
    }

    private static void assertOneLineError(TrainEvaluateCommandTest.Run run, String expected) {
        assertEquals(2, run.exit(), run.out() + run.err());
        String[] lines = run.err().strip().split("\n");
        assertEquals(1, lines.length, run.err());
        assertTrue(lines[0].startsWith("covidct: error: "), lines[0]);
        assertTrue(lines[0].contains(expected), lines[0] + " should mention " + expected);
        assertFalse(run.err().contains("Exception"), run.err());
    }

    private static TrainEvaluateCommandTest.Run evaluate(Path modelDir, Path out, String... extra) {
        String[] base = {"evaluate", "--model", modelDir.toString(), "--data", data.toString(), "--fold", "1",
                "--out", out.toString()};
        String[] args = Arrays.copyOf(base, base.length + extra.length);
        System.arraycopy(extra, 0, args, base.length, extra.length);
        return TrainEvaluateCommandTest.cli(args);
    }

    @Test
    void evaluateWorksOnTheUntouchedModel() {
        Path out = tmp.resolve("ok");
        var run = evaluate(model, out);
        assertEquals(0, run.exit(), run.err());
        assertTrue(Files.exists(out.resolve("fold1.csv")));
    }

    @Test
    void allFoldsWritesEveryFoldAndTheAverageTable() throws Exception {
        // a two-fold split (fold 2 = fold 1's files) and one model per fold under MODELS/fold{K}
        Path split = tmp.resolve("split2");
        Files.createDirectories(split);
        for (String part : new String[] {"train", "validation", "test"}) {
            Files.copy(data.resolve(part + "1.csv"), split.resolve(part + "1.csv"));
            Files.copy(data.resolve(part + "1.csv"), split.resolve(part + "2.csv"));
        }
        Path models = tmp.resolve("models");
        for (int k = 1; k <= 2; k++) {
            Path dir = models.resolve("fold" + k);
            Files.createDirectories(dir);
            try (var files = Files.list(model)) {
                for (Path f : (Iterable<Path>) files::iterator) {
                    Files.copy(f, dir.resolve(f.getFileName()));
                }
            }
        }
        Path out = tmp.resolve("out-all");
        var run = TrainEvaluateCommandTest.cli("evaluate", "--model", models.toString(), "--data", data.toString(),
                "--split", split.toString(), "--all-folds", "--out", out.toString());
        assertEquals(0, run.exit(), run.err());
        assertTrue(Files.exists(out.resolve("fold1.csv")) && Files.exists(out.resolve("fold2.csv")));
        var folds = Files.readAllLines(out.resolve("folds.csv"));
        assertEquals(3, folds.size());
        assertEquals(folds.get(1).substring(folds.get(1).indexOf(',', 11)), folds.get(2).substring(folds.get(2).indexOf(',', 11)),
                "same model, same slices: same counts");
        var average = Files.readAllLines(out.resolve("average.csv"));
        assertEquals("model,image acc %,COVID sens %,normal sens %", average.get(0));
        assertTrue(average.get(1).startsWith("resnet50v2,"), average.get(1));
        assertTrue(Files.readString(out.resolve("average.md")).startsWith("| model | image acc % |"));
        // the {k} form names the same models
        var pattern = TrainEvaluateCommandTest.cli("evaluate", "--model", models.resolve("fold{k}").toString(), "--data",
                data.toString(), "--split", split.toString(), "--all-folds", "--out", tmp.resolve("out-all-k").toString());
        assertEquals(0, pattern.exit(), pattern.err());
        assertEquals(average, Files.readAllLines(tmp.resolve("out-all-k").resolve("average.csv")));
    }

    @Test
    void missingModelDirectory() {
        Path out = tmp.resolve("out-missing");
        assertOneLineError(evaluate(tmp.resolve("nope"), out), "model directory does not exist");
        assertFalse(Files.exists(out));
    }

    @Test
    void truncatedWeights() throws Exception {
        Path broken = copyModel("truncated");
        Path weights = broken.resolve("weights.params");
        byte[] bytes = Files.readAllBytes(weights);
        Files.write(weights, Arrays.copyOf(bytes, bytes.length / 2));
        Path out = tmp.resolve("out-truncated");
        assertOneLineError(evaluate(broken, out), "truncated");
        assertFalse(Files.exists(out));
    }

    @Test
    void weightsOfAnotherArchitecture() throws Exception {
        Path other = copyModel("other");
        Path manifest = other.resolve("run.json");
        Files.writeString(manifest, Files.readString(manifest).replace("\"resnet50v2\"", "\"xception\""));
        Path out = tmp.resolve("out-other");
        assertOneLineError(evaluate(other, out), "do not fit a xception");
        assertFalse(Files.exists(out));
    }

    @Test
    void foldThatDoesNotExist() {
        Path out = tmp.resolve("out-fold");
        var run = TrainEvaluateCommandTest.cli("evaluate", "--model", model.toString(), "--data", data.toString(),
                "--fold", "7", "--out", out.toString());
        assertOneLineError(run, "fold 7 does not exist");
        assertFalse(Files.exists(out));
        var train = TrainEvaluateCommandTest.cli("train", "--data", data.toString(), "--fold", "7", "--arch",
                "resnet50v2", "--size", "64", "--width", "0.125", "--out", tmp.resolve("run-fold").toString());
        assertOneLineError(train, "fold 7 does not exist");
    }

    @Test
    void trainStillTakesTheOldModelSpellingOfTheArchitectureWithAWarning() {
        Path out = tmp.resolve("run-old-spelling");
        var run = TrainEvaluateCommandTest.cli("train", "--data", data.toString(), "--fold", "1", "--model", "fpn",
                "--size", "32", "--out", out.toString());
        assertEquals(2, run.exit(), run.out() + run.err());
        // the architecture was read from --model (the size check that follows names it), after one warning line
        assertEquals(List.of("covidct: warning: --model fpn names an architecture: use --arch fpn; --model will only "
                        + "name a trained RUN_DIR", "covidct: error: input size 32 is not possible for fpn: expected 65 "
                        + "to 4096 pixels (the valid 3x3 convolution of P4 needs C5 of at least 3x3)"),
                run.err().strip().lines().toList());
        assertFalse(Files.exists(out));
    }

    @Test
    void sizeTheFpnCannotTake() {
        Path out = tmp.resolve("run-small");
        var run = TrainEvaluateCommandTest.cli("train", "--data", data.toString(), "--fold", "1", "--arch", "fpn",
                "--size", "32", "--out", out.toString());
        assertOneLineError(run, "input size 32 is not possible for fpn");
        assertFalse(Files.exists(out));
    }

    @Test
    void slicesOfASizeTheModelCannotUse() {
        // the 64 px model on 96 px slices: 96 is not a multiple of 64
        Path other = tmp.resolve("data96");
        try {
            Files.createDirectories(other);
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
        TrainEvaluateCommandTest.writeDatasetTo(other, 96, new int[] {2, 2, 2});
        var run = TrainEvaluateCommandTest.cli("evaluate", "--model", model.toString(), "--data", other.toString(),
                "--fold", "1", "--out", tmp.resolve("out-96").toString());
        assertOneLineError(run, "slice is 96x96 but the model takes 64x64");
    }

    @Test
    void resumeWithOtherSettingsIsRefused() {
        Path run = tmp.resolve("run-resume");
        String[] args = {"train", "--data", data.toString(), "--fold", "1", "--arch", "resnet50v2", "--size", "64",
                "--width", "0.125", "--epochs", "1", "--batch", "2", "--threads", "1", "--quiet", "--out", run.toString()};
        assertEquals(0, TrainEvaluateCommandTest.cli(args).exit());
        String[] again = Arrays.copyOf(args, args.length + 2);
        again[again.length - 2] = "--resume";
        again[again.length - 1] = "--lr=0.01";
        assertOneLineError(TrainEvaluateCommandTest.cli(again), "resume needs the same ones");
        assertOneLineError(TrainEvaluateCommandTest.cli(args), "use --resume");
    }

    private static Path copyModel(String name) throws Exception {
        Path copy = tmp.resolve(name);
        Files.createDirectories(copy);
        try (var files = Files.list(model)) {
            for (Path f : (Iterable<Path>) files::iterator) {
                Files.copy(f, copy.resolve(f.getFileName()));
            }
        }
        return copy;
    }
}
