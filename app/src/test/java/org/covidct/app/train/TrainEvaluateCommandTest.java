package org.covidct.app.train;

import org.covidct.app.MainAccess;
import org.covidct.core.dataset.ClassLabel;
import org.covidct.core.dataset.FoldCsv;
import org.covidct.core.dataset.LabelledSlice;
import org.covidct.core.image.CtSlice;
import org.covidct.core.image.TiffSlices;
import org.covidct.core.metrics.ImageMetrics;
import org.covidct.nn.run.RunDir;
import org.junit.jupiter.api.BeforeAll;
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
 * {@code covidct train} and {@code covidct evaluate} end to end on a small CPU-sized model.
 */
class TrainEvaluateCommandTest {

    static final int SIZE = Integer.getInteger("toy.size", 96);

    @TempDir
    static Path data;

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

    @BeforeAll
    static void writeDataset() {
        writeDatasetTo(data, SIZE, new int[] {96, 24, 24});
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

    /** Body ellipse with two dark lungs; covid slices carry a ground-glass patch in a lung. */
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

    static String[] trainArgs(Path out, int epochs, String... extra) {
        List<String> args = new ArrayList<>(List.of("train", "--data", data.toString(), "--fold", "1",
                "--model", "fpn", "--size", String.valueOf(SIZE), "--width", "0.125", "--epochs", String.valueOf(epochs),
                "--batch", "8", "--lr", "1e-3", "--seed", "7", "--quiet", "--out", out.toString()));
        args.addAll(Arrays.asList(extra));
        return args.toArray(String[]::new);
    }

    @Test
    void trainsToHighValidationAccuracyAndEvaluateWritesThePaperColumns(@TempDir Path tmp) throws Exception {
        Path run = tmp.resolve("run");
        long t0 = System.nanoTime();
        Run train = cli(trainArgs(run, 4));
        System.out.println(train.out() + "train seconds " + (System.nanoTime() - t0) / 1e9);
        assertEquals(0, train.exit(), train.err());
        List<String> epochs = Files.readAllLines(run.resolve("epochs.csv"));
        assertEquals(5, epochs.size());
        double best = epochs.stream().skip(1).mapToDouble(l -> Double.parseDouble(l.split(",")[4])).max().orElseThrow();
        assertTrue(best >= 0.9, "validation accuracy " + best + "\n" + String.join("\n", epochs));
        var manifest = RunDir.readManifest(run);
        assertEquals("fpn", manifest.architecture());
        assertEquals(7L, manifest.seed());
        assertEquals(64, manifest.dataHash().length());
        assertEquals(RunDir.sha256Of(run.resolve(RunDir.WEIGHTS)), manifest.weightsSha256());

        Path eval = tmp.resolve("eval");
        Run evaluate = cli("evaluate", "--model", run.toString(), "--data", data.toString(), "--fold", "1",
                "--out", eval.toString());
        System.out.println(evaluate.out());
        assertEquals(0, evaluate.exit(), evaluate.err());
        List<String> fold = Files.readAllLines(eval.resolve("fold1.csv"));
        assertEquals(String.join(",", ImageMetrics.COLUMNS), fold.get(0));
        String[] row = fold.get(1).split(",");
        assertEquals("fpn", row[0]);
        assertEquals("1", row[1]);
        assertEquals(24, Integer.parseInt(row[2]) + Integer.parseInt(row[3]));
        assertTrue(Double.parseDouble(row[10]) >= 0.8, fold.get(1));
        assertTrue(Files.size(eval.resolve("roc1.png")) > 1000);
        assertTrue(Files.readAllLines(eval.resolve("roc1.csv")).size() > 2);
        assertEquals(3, Files.readAllLines(eval.resolve("confusion1.csv")).size());
        assertTrue(evaluate.out().contains("auc="));
    }
}
