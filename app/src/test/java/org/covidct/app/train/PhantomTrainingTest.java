package org.covidct.app.train;

import org.covidct.core.dataset.ClassLabel;
import org.covidct.core.metrics.ImageMetrics;
import org.covidct.nn.run.RunDir;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

import static org.covidct.app.train.TrainEvaluateCommandTest.cli;
import static org.covidct.app.train.TrainEvaluateCommandTest.figures;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Issue 4, must-show 2: ResNet50V2 (the paper's backbone and baseline, width 0.125, 128 px input) trained
 * through {@code covidct train} on phantom slices reaches validation accuracy >= 0.9; {@code covidct evaluate}
 * writes the paper's columns; the same seed gives the same epochs and the same metrics.
 *
 * <p>Why not the FPN here: at this scale the FPN's heads (the paper's normal(0, 0.001) dense kernels) hold
 * its loss at ln 2 for hundreds of steps before it falls, and when it falls depends on the exact data and
 * floating-point order: with the same settings it reached 1.0 on one phantom generator revision and stayed
 * at 0.5 for all 8 epochs on the next. A must-show test must not hang on such a chaotic escape;
 * ResNet50V2 learns these slices steadily (0.56, 0.52, 0.66, 0.79, 0.97, 0.99 over the first six epochs).
 *
 * <p>Settings for this scale (docs/TRAINING.md, "Training at small sizes"): {@code --bn-recalibration 64},
 * {@code --lr 1e-3}, {@code --no-augment}, and enough phantom slices (800 of 200 patients) that the network
 * cannot memorise them in the steps it gets.
 */
class PhantomTrainingTest {

    static final int SIZE = 128;
    /** Train, validation, test slices: 200 phantom patients in training, four slices each. */
    static final int[] COUNTS = {800, 100, 100};
    static final int EPOCHS = 8;
    static final String MODEL = "resnet50v2";

    static List<String> trainArgs(Path data, Path out, int epochs) {
        return List.of("train", "--data", data.toString(), "--fold", "1", "--arch", MODEL,
                "--size", String.valueOf(SIZE), "--width", "0.125", "--epochs", String.valueOf(epochs),
                "--batch", "8", "--lr", "1e-3", "--bn-recalibration", "64", "--no-augment",
                "--seed", "8", "--threads", "1", "--quiet", "--out", out.toString());
    }

    @Test
    void resnet50v2LearnsPhantomsAndRepeatsWithTheSeed(@TempDir Path tmp) throws Exception {
        Path data = tmp.resolve("phantoms");
        Files.createDirectories(data);
        List<PhantomFolds.Truth> truth = PhantomFolds.write(data, SIZE, COUNTS, 11);

        // the generator's ground truth: every slice has its lesion in the lung; only COVID slices show it
        for (PhantomFolds.Truth t : truth) {
            assertTrue(t.lesionPixels() >= 100, t.toString());
            double contrast = t.lesionMean() - t.lungMean();
            if (t.label() == ClassLabel.COVID) {
                assertTrue(contrast > 250, "ground-glass opacity not visible: " + t);
            } else {
                assertTrue(Math.abs(contrast) < 80, "normal slice with a visible opacity: " + t);
            }
        }

        Path run = tmp.resolve("run");
        var train = cli(trainArgs(data, run, EPOCHS).toArray(String[]::new));
        assertEquals(0, train.exit(), train.err());
        List<String> epochs = Files.readAllLines(run.resolve("epochs.csv"));
        double bestValidation = epochs.stream().skip(1).mapToDouble(l -> Double.parseDouble(l.split(",")[4]))
                .max().orElseThrow();
        assertTrue(bestValidation >= 0.9, String.join("\n", epochs));
        var config = RunDir.readManifest(run).config();
        assertEquals(bestValidation, ((Number) config.get("best_val_accuracy")).doubleValue(), 1e-12);
        // the deviations from the paper's recipe are on record
        assertTrue(String.valueOf(config.get("bn_recalibration")).contains("on 64 training slices"), config.toString());
        assertEquals("paper", config.get("head_init"));
        assertEquals("none", config.get("augmentation"));

        Path eval = tmp.resolve("eval");
        var evaluate = cli("evaluate", "--model", run.toString(), "--data", data.toString(), "--fold", "1",
                "--threads", "1", "--out", eval.toString());
        assertEquals(0, evaluate.exit(), evaluate.err());
        List<String> fold = Files.readAllLines(eval.resolve("fold1.csv"));
        System.out.println(String.join("\n", epochs) + "\n" + String.join("\n", fold)); // the figures in docs/TRAINING.md
        assertEquals(String.join(",", ImageMetrics.COLUMNS), fold.get(0));
        String[] row = fold.get(1).split(",", -1);
        assertEquals(ImageMetrics.COLUMNS.size(), row.length);
        assertEquals(MODEL, row[0]);
        assertEquals(COUNTS[2], Integer.parseInt(row[2]) + Integer.parseInt(row[3]));
        double testAccuracy = Double.parseDouble(row[ImageMetrics.COLUMNS.indexOf("overall_acc")]);
        assertTrue(testAccuracy >= 0.85, fold.get(1));

        // the same seed: the same epochs (a shorter run repeats the first ones) and the same metrics
        Path again = tmp.resolve("again");
        assertEquals(0, cli(trainArgs(data, again, 2).toArray(String[]::new)).exit());
        assertEquals(figures(epochs).subList(0, 2), figures(Files.readAllLines(again.resolve("epochs.csv"))));
        Path eval2 = tmp.resolve("eval2");
        assertEquals(0, cli("evaluate", "--model", run.toString(), "--data", data.toString(), "--fold", "1",
                "--threads", "1", "--out", eval2.toString()).exit());
        assertEquals(fold, Files.readAllLines(eval2.resolve("fold1.csv")));
    }
}
