package org.covidct.app.train;

import org.covidct.app.options.WorkersOption;
import org.covidct.app.options.ThreadsOption;
import org.covidct.app.options.OutputFolderOption;
import org.covidct.app.io.OutputFiles;
import org.covidct.app.options.FoldModelOptions;
import org.covidct.app.report.RocPlot;
import org.covidct.core.CovidctException;
import org.covidct.core.dataset.ClassLabel;
import org.covidct.core.metrics.ConfusionMatrix;
import org.covidct.core.metrics.FoldAverage;
import org.covidct.core.metrics.ImageMetrics;
import org.covidct.core.metrics.MetricsCsv;
import org.covidct.core.metrics.Roc;
import org.covidct.nn.eval.FoldEvaluation;
import org.covidct.nn.eval.FoldEvaluator;
import org.covidct.nn.train.TrainingData;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

import java.io.PrintWriter;
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

    @Mixin
    FoldModelOptions folds;

    @Option(names = "--data", required = true, paramLabel = "DIR",
            description = "Flat folder of slices (with the fold CSVs unless --split is given).")
    Path data;

    @Mixin
    OutputFolderOption output;

    @Option(names = "--batch", defaultValue = "10", description = "Inference batch size (default ${DEFAULT-VALUE}).")
    int batch;

    @Mixin
    WorkersOption workers;

    @Mixin
    ThreadsOption threads;

    @Spec
    CommandSpec spec;

    @Override
    public Integer call() {
        PrintWriter console = spec.commandLine().getOut();
        if (batch < 1) {
            throw new CovidctException("--batch must be at least 1");
        }
        int decoders = workers.workers();
        threads.apply();
        Path out = output.folder();
        // every model and fold is checked before anything is evaluated or written
        List<FoldModelOptions.FoldModel> models = folds.resolve(data);
        List<TrainingData> foldData = new ArrayList<>();
        for (FoldModelOptions.FoldModel m : models) {
            foldData.add(TrainingData.open(data, folds.split(), m.fold()));
        }
        List<ImageMetrics> rows = new ArrayList<>();
        for (int i = 0; i < models.size(); i++) {
            int k = models.get(i).fold();
            FoldEvaluation e = FoldEvaluator.evaluate(models.get(i).runDir(), foldData.get(i), batch, decoders, null);
            FoldEvaluator.writeCsvs(out, e);
            Roc roc = e.roc();
            RocPlot.slices(roc, String.format(Locale.ROOT, "%s fold %d  (AUC %.4f, %d covid / %d normal)",
                    e.metrics().modelName(), k, roc.auc(), roc.positives(), roc.negatives()))
                    .writePng(out.resolve("roc" + k + ".png"));
            print(console, e);
            rows.add(e.metrics());
        }
        if (folds.allFolds()) {
            MetricsCsv.writeFolds(out.resolve("folds.csv"), rows);
            List<FoldAverage> average = List.of(FoldAverage.of(rows.get(0).modelName(), rows));
            MetricsCsv.writeAverages(out.resolve("average.csv"), average);
            String markdown = FoldAverage.toMarkdown(average);
            OutputFiles.writeString(out.resolve("average.md"), markdown);
            console.println("average over " + rows.size() + " folds:");
            console.print(markdown);
        }
        console.flush();
        return 0;
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
