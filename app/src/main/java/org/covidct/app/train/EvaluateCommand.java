package org.covidct.app.train;

import org.covidct.core.CovidctException;
import org.covidct.core.dataset.ClassLabel;
import org.covidct.core.dataset.SplitDirectory;
import org.covidct.core.io.AtomicFiles;
import org.covidct.core.metrics.ConfusionMatrix;
import org.covidct.core.metrics.FoldAverage;
import org.covidct.core.metrics.ImageMetrics;
import org.covidct.core.metrics.MetricsCsv;
import org.covidct.nn.eval.FoldEvaluation;
import org.covidct.nn.eval.FoldEvaluator;
import org.covidct.nn.run.RunDir;
import org.covidct.nn.train.TrainingData;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Callable;

/** {@code covidct evaluate}: image-level metrics of a trained RUN_DIR on a fold's test slices. */
@Command(name = "evaluate", mixinStandardHelpOptions = true, sortOptions = false,
        description = {"Classifies the slices of test{K}.csv with a trained model and writes the paper's image-level "
                + "columns (fold{K}.csv), the ROC curve (roc{K}.csv, roc{K}.png, AUC), the confusion matrix "
                + "(confusion{K}.csv, also printed) and every slice's probability (predictions{K}.csv).",
                "--all-folds evaluates every fold of the split with its own model (RUN_DIR/fold{K}, or a RUN_DIR "
                + "path containing {k}) and adds folds.csv and the five-fold average (average.csv, average.md)."})
public final class EvaluateCommand implements Callable<Integer> {

    @Option(names = "--model", required = true, paramLabel = "RUN_DIR",
            description = "Trained model directory (with --all-folds: a folder of fold1..foldN run dirs, or a path with {k}).")
    String model;

    @Option(names = "--data", required = true, paramLabel = "DIR",
            description = "Flat folder of slices (with the fold CSVs unless --split is given).")
    Path data;

    @Option(names = "--split", paramLabel = "DIR", description = "Folder of the fold CSVs (default: --data).")
    Path split;

    @Option(names = "--fold", paramLabel = "K", description = "Fold to evaluate (required without --all-folds).")
    Integer fold;

    @Option(names = "--all-folds", description = "Evaluate every fold and write the fold average.")
    boolean allFolds;

    @Option(names = "--out", required = true, paramLabel = "DIR", description = "Output folder.")
    Path out;

    @Option(names = "--batch", defaultValue = "10", description = "Inference batch size (default ${DEFAULT-VALUE}).")
    int batch;

    @Option(names = "--workers", defaultValue = "2", description = "Slice decoding threads (default ${DEFAULT-VALUE}).")
    int workers;

    @Spec
    CommandSpec spec;

    @Override
    public Integer call() {
        PrintWriter console = spec.commandLine().getOut();
        if (batch < 1 || workers < 1) {
            throw new CovidctException("--batch and --workers must be at least 1");
        }
        Path splitDir = split == null ? data : split;
        List<Integer> folds;
        if (allFolds) {
            folds = SplitDirectory.open(splitDir).folds();
        } else if (fold == null) {
            throw new CovidctException("give --fold K, or --all-folds");
        } else {
            folds = List.of(fold);
        }
        List<ImageMetrics> rows = new ArrayList<>();
        for (int k : folds) {
            Path runDir = allFolds ? foldRunDir(k) : Path.of(model);
            RunDir.readManifest(runDir); // a missing or broken model fails before any slice is read
            TrainingData foldData = TrainingData.open(data, split, k);
            FoldEvaluation e = FoldEvaluator.evaluate(runDir, foldData, batch, workers, null);
            FoldEvaluator.writeCsvs(out, e);
            RocChart.writePng(out.resolve("roc" + k + ".png"), e.roc(), e.metrics().modelName() + " fold " + k);
            print(console, e);
            rows.add(e.metrics());
        }
        if (allFolds) {
            MetricsCsv.writeFolds(out.resolve("folds.csv"), rows);
            List<FoldAverage> average = List.of(FoldAverage.of(rows.get(0).modelName(), rows));
            MetricsCsv.writeAverages(out.resolve("average.csv"), average);
            String markdown = FoldAverage.toMarkdown(average);
            try {
                AtomicFiles.writeString(out.resolve("average.md"), markdown);
            } catch (IOException ex) {
                throw new CovidctException(out.resolve("average.md"), "cannot write (" + ex.getMessage() + ")", ex);
            }
            console.println("average over " + rows.size() + " folds:");
            console.print(markdown);
        }
        console.flush();
        return 0;
    }

    private Path foldRunDir(int k) {
        if (model.contains("{k}")) {
            return Path.of(model.replace("{k}", Integer.toString(k)));
        }
        Path dir = Path.of(model).resolve("fold" + k);
        if (!Files.isDirectory(dir)) {
            throw new CovidctException(dir, "no model for fold " + k + " (--all-folds expects RUN_DIR/fold{K} or a"
                    + " --model path containing {k})");
        }
        return dir;
    }

    private static void print(PrintWriter console, FoldEvaluation e) {
        ImageMetrics m = e.metrics();
        ConfusionMatrix c = m.matrix();
        console.printf(Locale.ROOT, "fold %d (%s): %d test slices%n", m.fold(), m.modelName(), c.total());
        console.printf(Locale.ROOT, "%-14s %10s %10s%n", "truth \\ called", "covid", "normal");
        for (ClassLabel t : ClassLabel.values()) {
            console.printf(Locale.ROOT, "%-14s %10d %10d%n", t.csvName(), c.count(t, ClassLabel.COVID),
                    c.count(t, ClassLabel.NORMAL));
        }
        console.printf(Locale.ROOT, "overall_acc=%.4f csens=%.4f nsens=%.4f cprec=%.4f nprec=%.4f auc=%.4f%n",
                m.overallAcc(), m.csens(), m.nsens(), m.cprec(), m.nprec(), e.roc().auc());
    }
}
