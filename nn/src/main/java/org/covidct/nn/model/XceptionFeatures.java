package org.covidct.nn.model;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.Activation;

/**
 * The Keras Xception definition without its top, for one input channel (BatchNorm epsilon 1e-3).
 * Entry flow: block1 (two valid 3x3 convolutions, the first with stride 2), blocks 2-4 (separable
 * convolutions, a 3x3/2 "same" max-pool padded with -inf, plus a strided 1x1 residual convolution);
 * middle flow: blocks 5-12 (three separable convolutions, identity residual); exit flow: block13
 * (like the entry blocks) and block14 (two separable convolutions). Output: {@code block14_sepconv2_act}.
 *
 * <p>The four residual convolutions are unnamed in the Keras definition; they are named here as a fresh
 * Keras session names them: {@code conv2d, conv2d_1, conv2d_2, conv2d_3} and their BatchNorms
 * {@code batch_normalization .. batch_normalization_3} (standalone Keras 2.3 would count from _1):
 * an importer should match them by order.
 */
final class XceptionFeatures extends LayerGraphBlock {

    static final float EPSILON = 1e-3f;
    static final String OUTPUT = "block14_sepconv2_act";
    static final String[] RESIDUAL_CONVS = {"conv2d", "conv2d_1", "conv2d_2", "conv2d_3"};
    static final String[] RESIDUAL_BNS = {"batch_normalization", "batch_normalization_1",
            "batch_normalization_2", "batch_normalization_3"};

    private final Shape outputShape;

    XceptionFeatures(ModelConfig config) {
        int s = config.inputSize();
        int c32 = config.channels(32);
        int c64 = config.channels(64);
        conv("block1_conv1", c32, 3, 2, 0, false, new Shape(1, s, s));
        s = Geometry.valid(s, 3, 2);
        batchNorm("block1_conv1_bn", EPSILON, new Shape(c32, s, s));
        conv("block1_conv2", c64, 3, 1, 0, false, new Shape(c32, s, s));
        s = Geometry.valid(s, 3, 1);
        batchNorm("block1_conv2_bn", EPSILON, new Shape(c64, s, s));
        int c = c64;
        // entry flow blocks 2..4 and exit block 13: {block, residual index, sepconv1 filters, sepconv2 filters}
        int[][] strided = {{2, 0, 128, 128}, {3, 1, 256, 256}, {4, 2, 728, 728}};
        for (int[] b : strided) {
            c = stridedBlock(config, b[0], b[1], config.channels(b[2]), config.channels(b[3]), c, s);
            s = Geometry.same(s, 2);
        }
        for (int b = 5; b <= 12; b++) {
            for (int j = 1; j <= 3; j++) {
                sepConv("block" + b + "_sepconv" + j, c, c, s);
            }
        }
        c = stridedBlock(config, 13, 3, config.channels(728), config.channels(1024), c, s);
        s = Geometry.same(s, 2);
        int c1536 = config.channels(1536);
        int c2048 = config.channels(2048);
        sepConv("block14_sepconv1", c, c1536, s);
        sepConv("block14_sepconv2", c1536, c2048, s);
        outputShape = new Shape(c2048, s, s);
    }

    /** Size after block1_conv1 and block1_conv2 (both valid) of a square input. */
    static int stem(int input) {
        return Geometry.valid(Geometry.valid(input, 3, 2), 3, 1);
    }

    Shape outputShape() {
        return outputShape;
    }

    private int stridedBlock(ModelConfig config, int block, int residual, int f1, int f2, int c, int s) {
        int sOut = Geometry.same(s, 2);
        conv(RESIDUAL_CONVS[residual], f2, 1, 2, 0, false, new Shape(c, s, s));
        batchNorm(RESIDUAL_BNS[residual], EPSILON, new Shape(f2, sOut, sOut));
        sepConv("block" + block + "_sepconv1", c, f1, s);
        sepConv("block" + block + "_sepconv2", f1, f2, s);
        return f2;
    }

    private void sepConv(String name, int in, int filters, int s) {
        layer(name, KerasLayer.Kind.SEPARABLE_CONV2D, new SeparableConv2d(in, filters), new Shape(in, s, s));
        batchNorm(name + "_bn", EPSILON, new Shape(filters, s, s));
    }

    @Override
    protected NDList forward(LayerOps ops, NDList inputs) {
        NDArray x = reluAndClose(ops.convBn("block1_conv1", "block1_conv1_bn", inputs.singletonOrThrow(), 0));
        NDArray y = ops.convBn("block1_conv2", "block1_conv2_bn", x, 0);
        x.close();
        x = reluAndClose(y);
        x = stridedBlock(2, 0, false, x, ops);
        x = stridedBlock(3, 1, true, x, ops);
        x = stridedBlock(4, 2, true, x, ops);
        for (int b = 5; b <= 12; b++) {
            y = x;
            for (int j = 1; j <= 3; j++) {
                NDArray a = Activation.relu(y);
                if (y != x) {
                    y.close();
                }
                y = sepConvBn("block" + b + "_sepconv" + j, a, ops);
            }
            x = ops.addResidual(y, x);
        }
        x = stridedBlock(13, 3, true, x, ops);
        x = reluAndClose(sepConvBn("block14_sepconv1", x, ops));
        x = reluAndClose(sepConvBn("block14_sepconv2", x, ops));
        return new NDList(x);
    }

    /** A separable convolution and its BatchNorm; closes the input. */
    private static NDArray sepConvBn(String name, NDArray x, LayerOps ops) {
        NDArray y = ops.convBn(name, name + "_bn", x, 0);
        x.close();
        return y;
    }

    /** An entry-flow (or block 13) block: two separable convolutions, a strided max-pool, a 1x1/2 residual. */
    private static NDArray stridedBlock(int block, int residualIndex, boolean activateFirst, NDArray x, LayerOps ops) {
        NDArray residual = ops.convBn(RESIDUAL_CONVS[residualIndex], RESIDUAL_BNS[residualIndex], x, 0);
        NDArray y = activateFirst ? reluAndClose(x) : x;
        String n = "block" + block;
        y = reluAndClose(sepConvBn(n + "_sepconv1", y, ops));
        y = sepConvBn(n + "_sepconv2", y, ops);
        NDArray pooled = TfOps.maxPoolSame(y, 3, 2);
        y.close();
        return ops.addResidual(pooled, residual);
    }

    @Override
    public Shape[] getOutputShapes(Shape[] inputShapes) {
        return new Shape[] {new Shape(inputShapes[0].get(0)).addAll(outputShape)};
    }
}
