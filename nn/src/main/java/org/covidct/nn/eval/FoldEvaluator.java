package org.covidct.nn.eval;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import org.covidct.core.CovidctException;
import org.covidct.core.dataset.ClassLabel;
import org.covidct.core.dataset.LabelledSlice;
import org.covidct.core.io.AtomicFiles;
import org.covidct.core.metrics.ImageMetrics;
import org.covidct.core.metrics.MetricsCsv;
import org.covidct.core.metrics.Roc;
import org.covidct.nn.data.Batch;
import org.covidct.nn.data.BatchLoader;
import org.covidct.nn.data.SliceDecoder;
import org.covidct.nn.data.SliceTensors;
import org.covidct.nn.infer.SliceClassifier;
import org.covidct.nn.train.TrainingData;

import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.function.IntConsumer;

/**
 * Classifies a fold's test slices with a trained RUN_DIR and counts the result as the published code does
 * (REFERENCE section 5). Slices stream from disk in batches with prefetch, never all in memory.
 */
public final class FoldEvaluator {

    private FoldEvaluator() {
    }

    /**
     * Evaluates {@code runDir} on the test part of {@code data}'s fold.
     *
     * @param progress called with the number of slices done after each batch (may be null)
     */
    public static FoldEvaluation evaluate(Path runDir, TrainingData data, int batchSize, int workers,
                                          IntConsumer progress) {
        List<LabelledSlice> test = data.fold().test();
        if (test.isEmpty()) {
            throw new CovidctException(data.imageDir(), "fold " + data.fold().fold() + " has no test slices");
        }
        try (SliceClassifier classifier = SliceClassifier.builder().setRunDir(runDir).optBatchSize(batchSize).build();
             BatchLoader loader = BatchLoader.builder().setSamples(data.files(test)).setBatchSize(batchSize)
                     .setDecoder(new SliceDecoder(classifier.inputSize())).optWorkers(workers).build();
             NDManager manager = NDManager.newBaseManager()) {
            double[] pCovid = new double[test.size()];
            int done = 0;
            try (BatchLoader.Epoch batches = loader.epoch(0)) {
                while (batches.hasNext()) {
                    Batch batch = batches.next();
                    try (NDManager scratch = manager.newSubManager()) {
                        NDArray x = SliceTensors.of(scratch, batch);
                        float[] p = classifier.logits(scratch, x).softmax(1).toFloatArray();
                        for (int i = 0; i < batch.count(); i++) {
                            pCovid[done + i] = p[2 * i + ClassLabel.COVID.index()];
                        }
                    }
                    done += batch.count();
                    if (progress != null) {
                        progress.accept(done);
                    }
                }
            }
            List<ClassLabel> truth = test.stream().map(LabelledSlice::label).toList();
            List<ClassLabel> predicted = new ArrayList<>(test.size());
            for (double p : pCovid) {
                predicted.add(p >= 0.5 ? ClassLabel.COVID : ClassLabel.NORMAL);
            }
            String modelName = classifier.manifest().architecture();
            ImageMetrics metrics = ImageMetrics.of(modelName, data.fold().fold(), truth, predicted);
            return new FoldEvaluation(metrics, Roc.of(truth, pCovid), test, pCovid, List.copyOf(predicted));
        }
    }

    /**
     * Writes fold{K}.csv (the paper's columns), roc{K}.csv, confusion{K}.csv and predictions{K}.csv
     * (filename, class, p_covid, predicted) into {@code outDir}, each atomically.
     */
    public static void writeCsvs(Path outDir, FoldEvaluation e) {
        int k = e.metrics().fold();
        MetricsCsv.writeFolds(outDir.resolve("fold" + k + ".csv"), List.of(e.metrics()));
        e.roc().writeCsv(outDir.resolve("roc" + k + ".csv"));
        e.metrics().matrix().writeCsv(outDir.resolve("confusion" + k + ".csv"));
        Path predictions = outDir.resolve("predictions" + k + ".csv");
        try {
            AtomicFiles.writeText(predictions, w -> {
                w.write("filename,class,p_covid,predicted\n");
                for (int i = 0; i < e.slices().size(); i++) {
                    LabelledSlice s = e.slices().get(i);
                    w.write(String.format(Locale.ROOT, "%s,%s,%.6f,%s\n", s.filename(), s.label().csvName(),
                            e.pCovid()[i], e.predicted().get(i).csvName()));
                }
            });
        } catch (IOException ex) {
            throw new CovidctException(predictions, "cannot write (" + ex.getMessage() + ")", ex);
        }
    }
}
