package org.covidct.nn.infer;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.convolutional.Conv2d;
import org.covidct.nn.model.FoldedNetwork;

/**
 * The yardstick of the forward pass: one large 3x3 convolution (256 to 256 channels on 64 x 64, batch 4, float32,
 * channels-last, through the same DJL call and oneDNN kernels as the network's convolutions). Its rate is about the
 * best oneDNN reaches on this CPU, so a network's rate divided by it says how much of the machine the network uses
 * (issue 13: at least 90% is the goal), whatever else shares the machine at the time when both are timed in turn.
 */
public final class ConvProbe implements AutoCloseable {

    public static final int BATCH = 4;
    public static final int CHANNELS = 256;
    public static final int SIZE = 64;

    private final NDManager manager;
    private final NDArray input;
    private final NDArray weight;
    private final NDArray bias;

    public ConvProbe(NDManager parent) {
        manager = parent.newSubManager();
        NDArray x = manager.randomUniform(-1, 1, new Shape(BATCH, CHANNELS, SIZE, SIZE));
        NDArray w = manager.randomNormal(0, 0.02f, new Shape(CHANNELS, CHANNELS, 3, 3), ai.djl.ndarray.types.DataType.FLOAT32);
        input = FoldedNetwork.channelsLast(x);
        weight = FoldedNetwork.channelsLast(w);
        x.close();
        w.close();
        bias = manager.zeros(new Shape(CHANNELS));
    }

    /** Floating-point operations of one run (2 per multiply-add). */
    public static double flops() {
        return 2.0 * BATCH * SIZE * SIZE * CHANNELS * CHANNELS * 9;
    }

    /** Runs the convolution once (PyTorch's CPU operations return when done) and frees its output. */
    public void run() {
        NDArray y = Conv2d.conv2d(input, weight, bias, new Shape(1, 1), new Shape(1, 1), new Shape(1, 1), 1)
                .singletonOrThrow();
        y.close();
    }

    @Override
    public void close() {
        manager.close();
    }
}
