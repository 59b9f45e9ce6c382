package org.covidct.nn.train;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.SequentialBlock;
import ai.djl.nn.norm.BatchNorm;
import ai.djl.training.ParameterStore;
import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Random;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

/** Recalibrated moving statistics are the exact mean of the batch statistics; the momentum is restored. */
class BatchNormRecalibrationTest {

    @Test
    void movingStatisticsBecomeTheMeanOfTheBatchStatistics() {
        try (NDManager manager = NDManager.newBaseManager("PyTorch")) {
            BatchNorm bn = BatchNorm.builder().optMomentum(0.99f).optEpsilon(1e-5f).build();
            SequentialBlock net = new SequentialBlock().add(bn);
            net.initialize(manager, DataType.FLOAT32, new Shape(2, 2, 3, 3));
            Random rng = new Random(3);
            int n = 3;
            int c = 2;
            int plane = 9;
            int batchSize = 4;
            double[][] sum = new double[c][2];
            List<NDArray> batches = new java.util.ArrayList<>();
            for (int b = 0; b < n; b++) {
                float[] x = new float[batchSize * c * plane];
                for (int i = 0; i < x.length; i++) {
                    x[i] = (float) (1000 + 300 * rng.nextGaussian() + 50 * b);
                }
                batches.add(manager.create(x, new Shape(batchSize, c, 3, 3)));
                for (int ch = 0; ch < c; ch++) {
                    double s = 0;
                    double ss = 0;
                    int count = batchSize * plane;
                    for (int i = 0; i < batchSize; i++) {
                        for (int p = 0; p < plane; p++) {
                            double v = x[(i * c + ch) * plane + p];
                            s += v;
                            ss += v * v;
                        }
                    }
                    double mean = s / count;
                    sum[ch][0] += mean / n;
                    sum[ch][1] += (ss - count * mean * mean) / (count - 1) / n; // unbiased, as torch keeps it
                }
            }
            assertEquals(1, BatchNormRecalibration.recalibrate(net, batches));
            float[] runningMean = bn.getParameters().get("runningMean").getArray().toFloatArray();
            float[] runningVar = bn.getParameters().get("runningVar").getArray().toFloatArray();
            for (int ch = 0; ch < c; ch++) {
                assertEquals(sum[ch][0], runningMean[ch], 1e-3 * Math.abs(sum[ch][0]));
                assertEquals(sum[ch][1], runningVar[ch], 1e-3 * sum[ch][1]);
            }
            // momentum 0.99 is back: one more training pass moves the statistics by 1 % of the difference
            float[] x = new float[batchSize * c * plane];
            for (int i = 0; i < batchSize; i++) {
                java.util.Arrays.fill(x, (i * c) * plane, (i * c + 1) * plane, 2f); // channel 0: 2, channel 1: 0
            }
            NDArray one = manager.create(x, new Shape(batchSize, c, 3, 3));
            net.forward(new ParameterStore(manager, false), new NDList(one), true);
            float[] after = bn.getParameters().get("runningMean").getArray().toFloatArray();
            float[] batchMean = {2f, 0f};
            float[] expected = new float[c];
            for (int ch = 0; ch < c; ch++) {
                expected[ch] = 0.99f * runningMean[ch] + 0.01f * batchMean[ch];
            }
            assertArrayEquals(expected, after, 1e-2f);
        }
    }
}
