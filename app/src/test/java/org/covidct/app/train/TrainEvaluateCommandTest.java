package org.covidct.app.train;

import org.covidct.app.MainAccess;
import org.covidct.core.dataset.ClassLabel;
import org.covidct.core.dataset.FoldCsv;
import org.covidct.core.dataset.LabelledSlice;
import org.covidct.core.image.CtSlice;
import org.covidct.core.tiff.TiffSlices;
import org.covidct.core.metrics.ImageMetrics;
import org.covidct.nn.run.RunDir;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Random;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * {@code covidct train} and {@code covidct evaluate} end to end on phantom slices with a CPU-sized model
 * (ResNet50V2 at 64 px, width 0.125).
 */
class TrainEvaluateCommandTest {


    record Run(int exit, String out, String err) {
    }

    static Run cli(String... args) {
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        CommandLine cli = MainAccess.commandLine();
        cli.setOut(new PrintWriter(out, true));
        cli.setErr(new PrintWriter(err, true));
        int code = cli.execute(args);
        return new Run(code, out.toString(), err.toString());
    }

    /** A flat folder with train1/validation1/test1.csv of the given sizes, classes alternating. */
    static void writeDatasetTo(Path data, int size, int[] counts) {
        Random rng = new Random(5);
        List<List<LabelledSlice>> parts = List.of(new ArrayList<>(), new ArrayList<>(), new ArrayList<>());
        int n = 0;
        for (int part = 0; part < 3; part++) {
            for (int i = 0; i < counts[part]; i++, n++) {
                ClassLabel label = i % 2 == 0 ? ClassLabel.COVID : ClassLabel.NORMAL;
                String name = (label == ClassLabel.COVID ? "137covid" : "normal1") + "_patient" + (n / 4 + 1)
                        + "_SR_2_IM" + String.format("%05d", n) + ".tif";
                TiffSlices.write(data.resolve(name), toySlice(rng, size, label == ClassLabel.COVID), TiffSlices.Compression.NONE);
                parts.get(part).add(new LabelledSlice(name, label));
            }
        }
        FoldCsv.write(data.resolve("train1.csv"), parts.get(0));
        FoldCsv.write(data.resolve("validation1.csv"), parts.get(1));
        FoldCsv.write(data.resolve("test1.csv"), parts.get(2));
    }

    /** A cheap toy slice (body, two dark lungs; covid slices carry a ground-glass patch) for tests of plumbing. */
    static CtSlice toySlice(Random rng, int size, boolean covid) {
        short[] v = new short[size * size];
        double c = size / 2.0;
        int side = rng.nextBoolean() ? -1 : 1;
        double gx = c + side * size * 0.2 + rng.nextGaussian() * 2;
        double gy = c + rng.nextGaussian() * 4;
        for (int y = 0; y < size; y++) {
            for (int x = 0; x < size; x++) {
                double bx = (x - c) / (size * 0.45);
                double by = (y - c) / (size * 0.35);
                int value = 20 + rng.nextInt(10);
                if (bx * bx + by * by < 1) {
                    value = 1040 + rng.nextInt(40);
                    for (int s = -1; s <= 1; s += 2) {
                        double lx = (x - (c + s * size * 0.2)) / (size * 0.15);
                        double ly = (y - c) / (size * 0.25);
                        if (lx * lx + ly * ly < 1) {
                            value = 130 + rng.nextInt(80);
                        }
                    }
                    if (covid && Math.hypot(x - gx, y - gy) < size * 0.07) {
                        value = 450 + rng.nextInt(200);
                    }
                }
                v[y * size + x] = (short) value;
            }
        }
        return new CtSlice(size, size, v, "toy");
    }

    static String[] trainArgs(Path dataDir, Path out, int epochs) {
        return new String[] {"train", "--data", dataDir.toString(), "--fold", "1", "--arch", "resnet50v2",
                "--size", "64", "--width", "0.125", "--epochs", String.valueOf(epochs), "--batch", "8", "--lr", "1e-3",
                "--seed", "7", "--threads", "1", "--no-augment", "--quiet", "--out", out.toString()};
    }

    /** The columns of epochs.csv that must repeat exactly (not the timings). */
    static List<String> figures(List<String> epochsCsv) {
        return epochsCsv.stream().skip(1).map(l -> {
            String[] c = l.split(",");
            return String.join(",", c[0], c[1], c[2], c[3], c[4], c[7]);
        }).toList();
    }

    @Test
    void trainsOnPhantomsRepeatsWithTheSeedAndEvaluateWritesThePaperColumns(@TempDir Path tmp) throws Exception {
        Path phantoms = tmp.resolve("phantoms");
        Files.createDirectories(phantoms);
        PhantomFolds.write(phantoms, 64, new int[] {96, 24, 24}, 11);
        Path run = tmp.resolve("run");
        int n = 16;
        Run train = cli(trainArgs(phantoms, run, n));
        assertEquals(0, train.exit(), train.err());
        List<String> epochs = Files.readAllLines(run.resolve("epochs.csv"));
        assertEquals(n + 1, epochs.size());
        double firstLoss = Double.parseDouble(epochs.get(1).split(",")[1]);
        double lastLoss = Double.parseDouble(epochs.get(n).split(",")[1]);
        double bestTrainAccuracy = epochs.stream().skip(1).mapToDouble(l -> Double.parseDouble(l.split(",")[2]))
                .max().orElseThrow();
        // the network learns the training slices (see docs/TRAINING.md for validation at this scale)
        assertTrue(lastLoss < 0.6 * firstLoss, String.join("\n", epochs));
        assertTrue(bestTrainAccuracy >= 0.9, String.join("\n", epochs));
        var manifest = RunDir.readManifest(run);
        assertEquals("resnet50v2", manifest.architecture());
        assertEquals(7L, manifest.seed());
        assertEquals(64, manifest.dataHash().length());
        assertEquals(RunDir.sha256Of(run.resolve(RunDir.WEIGHTS)), manifest.weightsSha256());
        assertTrue(train.out().contains("best_epoch="), train.out());

        // the same seed gives the same epochs (every figure but the timings)
        Path again = tmp.resolve("again");
        assertEquals(0, cli(trainArgs(phantoms, again, 3)).exit());
        assertEquals(figures(epochs).subList(0, 3), figures(Files.readAllLines(again.resolve("epochs.csv"))));

        Path eval = tmp.resolve("eval");
        Run evaluate = cli("evaluate", "--model", run.toString(), "--data", phantoms.toString(), "--fold", "1",
                "--threads", "1", "--out", eval.toString());
        assertEquals(0, evaluate.exit(), evaluate.err());
        List<String> fold = Files.readAllLines(eval.resolve("fold1.csv"));
        assertEquals(String.join(",", ImageMetrics.COLUMNS), fold.get(0));
        String[] row = fold.get(1).split(",", -1);
        assertEquals(ImageMetrics.COLUMNS.size(), row.length);
        assertEquals("resnet50v2", row[0]);
        assertEquals("1", row[1]);
        assertEquals(24, Integer.parseInt(row[2]) + Integer.parseInt(row[3]));
        assertTrue(Files.size(eval.resolve("roc1.png")) > 1000);
        assertTrue(Files.readAllLines(eval.resolve("roc1.csv")).size() >= 3);
        assertEquals(3, Files.readAllLines(eval.resolve("confusion1.csv")).size());
        assertEquals(25, Files.readAllLines(eval.resolve("predictions1.csv")).size());
        assertTrue(evaluate.out().contains("auc="), evaluate.out());
        // evaluation is repeatable too
        Path eval2 = tmp.resolve("eval2");
        assertEquals(0, cli("evaluate", "--model", run.toString(), "--data", phantoms.toString(), "--fold", "1",
                "--threads", "1", "--out", eval2.toString()).exit());
        assertEquals(fold, Files.readAllLines(eval2.resolve("fold1.csv")));
    }
}
