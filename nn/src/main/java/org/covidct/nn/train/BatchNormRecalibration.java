package org.covidct.nn.train;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.nn.Block;
import ai.djl.nn.norm.BatchNorm;
import ai.djl.training.ParameterStore;

import java.lang.reflect.Field;
import java.util.ArrayList;
import java.util.List;
import org.covidct.nn.data.SliceTensors;

/**
 * Replaces every BatchNorm's moving mean and variance by the average batch statistics of the given
 * training batches ("precise BatchNorm").
 *
 * <p>Why: the networks use Keras' momentum 0.99, so after t training steps the moving statistics still
 * weigh their initial values (mean 0, variance 1) by 0.99^t. The paper's 20 epochs of about 270 steps make
 * that negligible; a CPU demo or a test of a few hundred steps does not (0.99^100 = 0.37), and since the
 * input is raw CT values in the thousands, inference with such statistics gives nearly constant outputs.
 * Forward passes in training mode with momentum (i-1)/i at the i-th batch make the moving statistics the
 * exact mean of the batch statistics. Weights are not touched.
 */
public final class BatchNormRecalibration {

    private BatchNormRecalibration() {
    }

    /**
     * @param network  the network (its BatchNorm blocks are found among its descendants)
     * @param batches  input batches (N, 1, S, S) as the network takes them
     * @return the number of BatchNorm layers recalibrated
     */
    public static int recalibrate(Block network, List<NDArray> batches) {
        List<BatchNorm> norms = new ArrayList<>();
        collect(network, norms);
        if (norms.isEmpty() || batches.isEmpty()) {
            return norms.size();
        }
        Field momentum = momentumField();
        float[] original = new float[norms.size()];
        try {
            for (int k = 0; k < norms.size(); k++) {
                original[k] = momentum.getFloat(norms.get(k));
            }
            for (int i = 1; i <= batches.size(); i++) {
                float m = (i - 1) / (float) i; // Keras sense: moving = m * moving + (1 - m) * batch
                for (BatchNorm bn : norms) {
                    momentum.setFloat(bn, m);
                }
                NDArray x = batches.get(i - 1);
                try (NDManager scope = x.getManager().newSubManager()) {
                    network.forward(new ParameterStore(scope, false), new NDList(x), true).close();
                }
            }
        } catch (IllegalAccessException e) {
            throw new IllegalStateException("cannot set BatchNorm momentum", e);
        } finally {
            try {
                for (int k = 0; k < norms.size(); k++) {
                    momentum.setFloat(norms.get(k), original[k]);
                }
            } catch (IllegalAccessException e) {
                throw new IllegalStateException("cannot restore BatchNorm momentum", e);
            }
        }
        return norms.size();
    }

    /** Convenience: batches cut from a float array of slices (size x size each). */
    public static List<NDArray> batches(NDManager manager, List<float[]> slices, int size, int batchSize) {
        List<NDArray> out = new ArrayList<>();
        int plane = size * size;
        for (int from = 0; from < slices.size(); from += batchSize) {
            int to = Math.min(slices.size(), from + batchSize);
            if (to - from < 2) {
                break; // batch statistics of one slice are degenerate
            }
            float[] data = new float[(to - from) * plane];
            for (int i = from; i < to; i++) {
                System.arraycopy(slices.get(i), 0, data, (i - from) * plane, plane);
            }
            out.add(SliceTensors.of(manager, data, to - from, size));
        }
        return out;
    }

    private static void collect(Block block, List<BatchNorm> out) {
        if (block instanceof BatchNorm bn) {
            out.add(bn);
        }
        for (Block child : block.getChildren().values()) {
            collect(child, out);
        }
    }

    private static Field momentumField() {
        try {
            Field f = BatchNorm.class.getDeclaredField("momentum");
            f.setAccessible(true);
            return f;
        } catch (NoSuchFieldException e) {
            throw new IllegalStateException("DJL BatchNorm has no momentum field", e);
        }
    }
}
