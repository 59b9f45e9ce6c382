package org.covidct.app.detect;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import org.covidct.core.image.CtSlice;
import org.covidct.nn.data.SliceTensors;
import org.covidct.nn.explain.GradCam;
import org.covidct.nn.explain.Heatmap;
import org.covidct.nn.infer.SliceClassifier;
import org.covidct.nn.model.Architecture;
import org.covidct.nn.run.RunManifest;

import java.nio.file.Path;
import java.util.List;

/** A trained RUN_DIR as a {@link SliceScorer}, with Grad-CAM on the same network. Not thread-safe. */
public final class ClassifierScorer implements SliceScorer, AutoCloseable {

    private final SliceClassifier classifier;
    private final Path runDir;

    public ClassifierScorer(Path runDir, int batchSize) {
        this.runDir = runDir;
        this.classifier = SliceClassifier.builder().setRunDir(runDir).optBatchSize(batchSize).build();
    }

    public RunManifest manifest() {
        return classifier.manifest();
    }

    public Architecture architecture() {
        return classifier.network().config().architecture();
    }

    public ModelSummary summary() {
        RunManifest m = manifest();
        return new ModelSummary(runDir.toString(), m.architecture(), m.inputSize(), m.widthMultiplier(), m.weightsSha256());
    }

    /** The fully automated pipeline with this model. */
    public Detector detector(DetectionSettings settings) {
        return new Detector(this, summary(), settings);
    }

    /** P(covid) of each slice; slices larger than the model are reduced as training reduces them. */
    @Override
    public double[] pCovid(List<CtSlice> batch) {
        float[] p = classifier.pCovid(batch);
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
                NDArray x = SliceTensors.toTensor(m, List.of(s), classifier.inputSize());
                out[i] = GradCam.compute(classifier.network(), x, s.width(), s.height())[0];
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
        classifier.close();
    }
}
