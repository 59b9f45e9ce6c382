package org.covidct.nn.train;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.AbstractBlock;
import ai.djl.nn.Block;
import ai.djl.nn.convolutional.Conv2d;
import ai.djl.training.ParameterStore;
import ai.djl.training.loss.Loss;
import ai.djl.util.PairList;
import org.covidct.nn.model.Network;

/**
 * A network during training with an auxiliary lesion map: a 1 x 1 convolution on the finest feature map the
 * network's head reads (the FPN's C3 at stride 16; the baselines' last map at stride 32) predicts, for every cell,
 * the share of lesion under it. The map is trained against the masks of synthetic lesions and dropped afterwards:
 * the saved model is the network alone, with the paper's architecture and outputs. Deep supervision of this kind
 * (Lee et al., "Deeply-Supervised Nets", AISTATS 2015) gives the backbone a signal at every cell instead of one
 * label per slice, which is what a small lesion on a large slice needs to be learnt from scratch in few steps.
 */
final class LesionMapTraining extends AbstractBlock {

    private final Network network;
    private final Block lesionMap;

    LesionMapTraining(Network network) {
        this.network = addChildBlock("network", network);
        this.lesionMap = addChildBlock("lesion_map", Conv2d.builder().setKernelShape(new Shape(1, 1))
                .setFilters(1).optBias(true).build());
    }

    Network network() {
        return network;
    }

    @Override
    protected NDList forwardInternal(ParameterStore store, NDList inputs, boolean training,
                                     PairList<String, Object> params) {
        NDList features = network.features().forward(store, inputs, training, params);
        NDArray logits = network.head().forward(store, features, training, params).singletonOrThrow();
        NDArray map = lesionMap.forward(store, new NDList(features.get(0)), training, params).singletonOrThrow();
        return new NDList(logits, map);
    }

    @Override
    public Shape[] getOutputShapes(Shape[] inputShapes) {
        Shape[] features = network.features().getOutputShapes(inputShapes);
        Shape logits = network.head().getOutputShapes(features)[0];
        Shape map = lesionMap.getOutputShapes(new Shape[] {features[0]})[0];
        return new Shape[] {logits, map};
    }

    @Override
    protected void initializeChildBlocks(NDManager manager, DataType dataType, Shape... inputShapes) {
        network.initialize(manager, dataType, inputShapes);
        Shape[] features = network.features().getOutputShapes(inputShapes);
        lesionMap.initialize(manager, dataType, features[0]);
    }

    /**
     * The share of lesion in each cell of an h x w map over count masks of size x size (cell rows
     * [i size / h, (i + 1) size / h), likewise columns).
     */
    static float[] cellShares(float[] masks, int count, int size, int h, int w) {
        float[] out = new float[count * h * w];
        for (int n = 0; n < count; n++) {
            int base = n * size * size;
            for (int i = 0; i < h; i++) {
                int r0 = i * size / h;
                int r1 = (i + 1) * size / h;
                for (int j = 0; j < w; j++) {
                    int c0 = j * size / w;
                    int c1 = (j + 1) * size / w;
                    double sum = 0;
                    for (int r = r0; r < r1; r++) {
                        for (int c = c0; c < c1; c++) {
                            sum += masks[base + r * size + c];
                        }
                    }
                    int cells = (r1 - r0) * (c1 - c0);
                    out[(n * h + i) * w + j] = cells == 0 ? 0f : (float) (sum / cells);
                }
            }
        }
        return out;
    }

    /**
     * Categorical cross-entropy of the class (the paper's loss) plus {@code weight} x the binary cross-entropy of
     * the lesion map (lesion cells weighted {@link #POSITIVE_WEIGHT} times), averaged over the cells and over the
     * slices whose mask is known. Labels: [class indices]
     * alone (no mask in the batch: the class term only) or [class indices, cell shares (N, 1, h, w), known (N)];
     * predictions: [logits, map logits].
     */
    static final class Objective extends Loss {

        /** Weight of lesion cells against clean ones in the map's loss. */
        static final float POSITIVE_WEIGHT = 10f;

        private final Loss classification = Loss.softmaxCrossEntropyLoss();
        private final float weight;

        Objective(float weight) {
            super("lesion_map_objective");
            this.weight = weight;
        }

        @Override
        public NDArray evaluate(NDList labels, NDList predictions) {
            NDArray ce = classification.evaluate(new NDList(labels.get(0)), new NDList(predictions.get(0)));
            if (labels.size() < 3) {
                return ce;
            }
            NDArray x = predictions.get(1);
            NDArray target = labels.get(1);
            NDArray known = labels.get(2);
            // -(w t log s(x) + (1 - t) log(1 - s(x))), with softplus(-x) = log(1 + e^-|x|) + max(-x, 0) and
            // softplus(x) = softplus(-x) + x: lesion cells are a few percent of a slice, so without the weight w
            // "no lesion anywhere" is nearly optimal and teaches nothing
            NDArray softplusNeg = x.abs().neg().exp().add(1).log().add(x.neg().maximum(0));
            NDArray softplusPos = softplusNeg.add(x);
            NDArray bce = target.mul(POSITIVE_WEIGHT).mul(softplusNeg).add(target.neg().add(1).mul(softplusPos));
            // PyTorch's engine averages over one axis at a time
            NDArray perSlice = bce.reshape(bce.getShape().get(0), -1).mean(new int[] {1});
            NDArray aux = perSlice.mul(known).sum().div(known.sum().maximum(1f));
            return ce.add(aux.mul(weight));
        }
    }
}
