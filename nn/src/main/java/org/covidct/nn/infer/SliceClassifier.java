package org.covidct.nn.infer;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.training.ParameterStore;
import java.nio.file.Path;
import java.util.List;
import org.covidct.core.image.CtSlice;
import org.covidct.nn.data.SliceTensors;
import org.covidct.nn.model.Architecture;
import org.covidct.nn.model.Network;
import org.covidct.nn.run.LoadedRun;
import org.covidct.nn.run.RunDir;
import org.covidct.nn.run.RunManifest;

/**
 * Classifies CT slices with a trained RUN_DIR: {@link #pCovid} gives P(covid) per slice (softmax of the
 * logits, class 0). Slices go through in batches, each in its own NDManager closed right after, so memory
 * stays bounded however many slices a series has. Uses the BatchNorm-folded {@link FastClassifier} by
 * default; {@link Builder#optFastPath(boolean) optFastPath(false)} runs the plain training block instead.
 *
 * <p>Not thread-safe: one classifier per thread.
 */
public final class SliceClassifier implements AutoCloseable {

    private final NDManager manager;
    private final LoadedRun run;
    private final int batchSize;
    private final FastClassifier fast;

    private SliceClassifier(Builder b) {
        manager = NDManager.newBaseManager();
        try {
            run = RunDir.load(b.runDir, b.expected, manager);
            batchSize = b.batchSize;
            fast = b.fastPath ? FastClassifier.of(run.network(), manager, b.precision) : null;
        } catch (RuntimeException e) {
            manager.close();
            throw e;
        }
    }

    public static Builder builder() {
        return new Builder();
    }

    /** A classifier with the defaults: fast fp32 path, batch 4. */
    public static SliceClassifier open(Path runDir) {
        return builder().setRunDir(runDir).build();
    }

    public RunManifest manifest() {
        return run.manifest();
    }

    public Network network() {
        return run.network();
    }

    /** The input size every slice must have. */
    public int inputSize() {
        return run.manifest().inputSize();
    }

    /** P(covid) for each slice, in order. */
    public float[] pCovid(List<CtSlice> slices) {
        float[] out = new float[slices.size()];
        for (int from = 0; from < slices.size(); from += batchSize) {
            List<CtSlice> batch = slices.subList(from, Math.min(slices.size(), from + batchSize));
            try (NDManager batchManager = manager.newSubManager()) {
                NDArray x = SliceTensors.toTensor(batchManager, batch, inputSize());
                NDArray logits = logits(batchManager, x);
                float[] p = logits.softmax(1).get(":, 0").toFloatArray();
                System.arraycopy(p, 0, out, from, p.length);
            }
        }
        return out;
    }

    /** Logits (N, 2) of one input batch; the result belongs to {@code batchManager}. */
    public NDArray logits(NDManager batchManager, NDArray x) {
        if (fast != null) {
            NDArray y = fast.logits(x);
            y.attach(batchManager);
            return y;
        }
        NDArray y = run.network().forward(new ParameterStore(batchManager, false), new NDList(x), false)
                .singletonOrThrow();
        y.attach(batchManager);
        return y;
    }

    /** NDArrays alive in this classifier's managers (weights included); for leak tests. */
    int liveArrays() {
        return manager.getManagedArrays().size();
    }

    @Override
    public void close() {
        manager.close();
    }

    /** Options of a {@link SliceClassifier}. */
    public static final class Builder {
        private Path runDir;
        private Architecture expected;
        private int batchSize = 4;
        private boolean fastPath = true;
        private Precision precision = Precision.FP32;

        public Builder setRunDir(Path dir) {
            this.runDir = dir;
            return this;
        }

        /** Refuse a RUN_DIR of another architecture. */
        public Builder optExpected(Architecture architecture) {
            this.expected = architecture;
            return this;
        }

        public Builder optBatchSize(int size) {
            if (size < 1) {
                throw new IllegalArgumentException("batch size " + size);
            }
            this.batchSize = size;
            return this;
        }

        /** BatchNorm-folded inference (default true); false runs the plain block forward. */
        public Builder optFastPath(boolean fast) {
            this.fastPath = fast;
            return this;
        }

        /** Arithmetic of the fast path (default fp32). */
        public Builder optPrecision(Precision p) {
            this.precision = p;
            return this;
        }

        public SliceClassifier build() {
            if (runDir == null) {
                throw new IllegalArgumentException("run directory not set");
            }
            return new SliceClassifier(this);
        }
    }
}
