package org.covidct.app.detect;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import org.covidct.core.image.CtSlice;
import org.covidct.nn.data.SliceTensors;
import org.covidct.nn.explain.GradCam;
import org.covidct.nn.explain.Heatmap;
import org.covidct.nn.infer.SliceClassifier;
import org.covidct.nn.model.Architecture;
import org.covidct.nn.run.RunDir;
import org.covidct.nn.run.RunManifest;

import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.Executor;

/**
 * A trained RUN_DIR as a {@link SliceScorer}, with Grad-CAM on the same network. Not thread-safe.
 *
 * <p>{@link #loadingInBackground} returns at once with the manifest read and loads the weights (checked, folded for
 * inference) on another thread, so that a caller reads and selects its slices meanwhile; the first use that needs the
 * network waits for it, and a failure to load surfaces there.
 */
public final class ClassifierScorer implements SliceScorer, AutoCloseable {

    private final CompletableFuture<SliceClassifier> loading;
    private final RunManifest manifest;
    private final Path runDir;

    /** Loads the model now (a damaged RUN_DIR is refused here). */
    public ClassifierScorer(Path runDir, int batchSize) {
        this.runDir = runDir;
        SliceClassifier classifier = SliceClassifier.builder().setRunDir(runDir).optBatchSize(batchSize).build();
        this.loading = CompletableFuture.completedFuture(classifier);
        this.manifest = classifier.manifest();
    }

    private ClassifierScorer(Path runDir, int batchSize, boolean background) {
        this.runDir = runDir;
        this.manifest = RunDir.readManifest(runDir);
        this.loading = CompletableFuture.supplyAsync(
                () -> SliceClassifier.builder().setRunDir(runDir).optBatchSize(batchSize).build(), LOADER);
    }

    /** Reads the manifest now (its errors are immediate) and loads the weights on a thread of its own. */
    public static ClassifierScorer loadingInBackground(Path runDir, int batchSize) {
        return new ClassifierScorer(runDir, batchSize, true);
    }

    private static final Executor LOADER = task -> {
        Thread t = new Thread(task, "covidct-model-loader");
        t.setDaemon(true);
        t.start();
    };

    /** The loaded classifier (waiting for it if it is still loading; its loading error as thrown). */
    private SliceClassifier classifier() {
        try {
            return loading.join();
        } catch (CompletionException e) {
            if (e.getCause() instanceof RuntimeException r) {
                throw r;
            }
            if (e.getCause() instanceof Error err) {
                throw err;
            }
            throw e;
        }
    }

    public RunManifest manifest() {
        return manifest;
    }

    public Architecture architecture() {
        return Architecture.fromCliName(manifest.architecture());
    }

    public ModelSummary summary() {
        RunManifest m = manifest();
        return new ModelSummary(runDir.toString(), m.architecture(), m.inputSize(), m.widthMultiplier(), m.weightsSha256(),
                m.modelCard());
    }

    /** The fully automated pipeline with this model (refused for a model without validation unless allowed). */
    public Detector detector(DetectionSettings settings) {
        return new Detector(this, summary(), settings);
    }

    /** P(covid) of each slice; slices larger than the model are reduced as training reduces them. */
    @Override
    public double[] pCovid(List<CtSlice> batch) {
        float[] p = classifier().pCovid(batch);
        double[] out = new double[p.length];
        for (int i = 0; i < p.length; i++) {
            out[i] = p[i];
        }
        return out;
    }

    /** Grad-CAM maps of the slices, each upsampled to its slice's size. */
    public Heatmap[] heatmaps(List<CtSlice> slices) {
        Heatmap[] out = new Heatmap[slices.size()];
        for (int i = 0; i < slices.size(); i++) {
            CtSlice s = slices.get(i);
            try (NDManager m = NDManager.newBaseManager()) {
                NDArray x = SliceTensors.toTensor(m, List.of(s), classifier().decoder());
                out[i] = GradCam.compute(classifier().network(), x, s.width(), s.height())[0];
            }
        }
        return out;
    }

    /** The Grad-CAM target layer of this model. */
    public String camLayer() {
        return GradCam.targetLayer(architecture());
    }

    @Override
    public void close() {
        try {
            loading.join().close();
        } catch (CompletionException | java.util.concurrent.CancellationException e) {
            // nothing was loaded, nothing to free; the loading error was reported where it was used
        }
    }
}
