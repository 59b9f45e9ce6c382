package org.covidct.nn.model;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDArrays;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.Activation;
import ai.djl.nn.Parameter;
import ai.djl.nn.core.Linear;
import ai.djl.training.initializer.NormalInitializer;
import java.util.ArrayList;
import java.util.List;

/**
 * The paper's modified feature pyramid on ResNet50V2 taps C3, C4, C5 and its five classification
 * heads. Layer names follow the published Keras code (C5_reduced, P5_upsampled, P5, C4_reduced,
 * P4_upsampled, P4, C3_reduced, P3, P6, C6_relu, P7). Unlike RetinaNet's FPN the lateral merges are
 * concatenations, so P4 has 2F channels before its valid 3x3 convolution and P3 3F.
 *
 * <p>Each Pi: flatten, dropout 0.5, dense 2 + ReLU (kernel ~ N(0, 0.001)); the five 2-vectors are
 * concatenated and a dense 2 (N(0, 0.001)) gives the LOGITS (the Keras model applies softmax there; here
 * the caller or the loss does). The dense layers are named {@code dense_1..dense_5} (heads on P3..P7) and
 * {@code dense_6} (final), as standalone Keras 2.3 (the published training set-up) names them.
 *
 * <p>Flatten order: this network flattens (C,H,W); Keras flattened (H,W,C). The dense_1..dense_5
 * {@link KerasLayer}s are {@link KerasLayer.Kind#DENSE_AFTER_FLATTEN} with the (C,H,W) shape, so imported
 * kernels can be permuted ({@code nn.keras.LayoutConversions.denseToLinear}).
 */
final class FpnHead extends LayerGraphBlock {

    static final String[] HEAD_DENSES = {"dense_1", "dense_2", "dense_3", "dense_4", "dense_5"};
    static final String FINAL_DENSE = "dense_6";
    static final float HEAD_INIT_STDDEV = 0.001f;
    static final float DROPOUT_RATE = 0.5f;

    private final Shape[] pyramidShapes = new Shape[5];

    FpnHead(ModelConfig config, Shape c3, Shape c4, Shape c5) {
        int f = config.channels(256);
        int[] p = pyramid(config.inputSize());
        conv("C5_reduced", f, 1, 1, 0, true, c5);
        conv("P5", f, 3, 1, 1, true, new Shape(f, c4.get(1), c4.get(2)));
        conv("C4_reduced", f, 1, 1, 0, true, c4);
        conv("P4", f, 3, 1, 0, true, new Shape(2L * f, c4.get(1), c4.get(2)));
        conv("C3_reduced", f, 1, 1, 0, true, c3);
        conv("P3", f, 3, 1, 0, true, new Shape(3L * f, c3.get(1), c3.get(2)));
        int[] p6Pad = Geometry.samePadding((int) c5.get(1), 3, 2);
        conv("P6", f, 3, 2, 0, true, new Shape(c5.get(0), c5.get(1) + p6Pad[0] + p6Pad[1],
                c5.get(2) + p6Pad[0] + p6Pad[1]));
        int[] p7Pad = Geometry.samePadding(p[3], 3, 2);
        conv("P7", f, 3, 2, 0, true, new Shape(f, p[3] + p7Pad[0] + p7Pad[1], p[3] + p7Pad[0] + p7Pad[1]));
        NormalInitializer headInit = new NormalInitializer(HEAD_INIT_STDDEV);
        for (int i = 0; i < 5; i++) {
            pyramidShapes[i] = new Shape(f, p[i], p[i]);
            Shape flat = new Shape(pyramidShapes[i].size());
            Linear d = dense(HEAD_DENSES[i], 2, flat, pyramidShapes[i]);
            d.setInitializer(headInit, Parameter.Type.WEIGHT);
        }
        Linear last = dense(FINAL_DENSE, 2, new Shape(10), null);
        last.setInitializer(headInit, Parameter.Type.WEIGHT);
    }

    /** Pyramid sizes P3, P4, P5, P6, P7 (square) for a square input. */
    static int[] pyramid(int input) {
        int[] st = ResNet50V2Features.stages(input);
        int c3 = st[1];
        int c5 = st[2];
        int p6 = Geometry.same(c5, 2);
        return new int[] {Geometry.valid(c3, 3, 1), Geometry.valid(c5, 3, 1), c5, p6, Geometry.same(p6, 2)};
    }

    /** (C,H,W) of P3..P7. */
    Shape[] pyramidShapes() {
        return pyramidShapes.clone();
    }

    @Override
    protected NDList forward(LayerOps ops, NDList inputs) {
        NDList pyramid = pyramid(ops, inputs);
        List<NDArray> votes = new ArrayList<>(5);
        for (int i = 0; i < 5; i++) {
            NDArray pi = pyramid.get(i);
            NDArray flat = pi.reshape(pi.getShape().get(0), -1);
            pi.close();
            NDArray dropped = ops.dropout(flat, DROPOUT_RATE);
            if (dropped != flat) {
                flat.close();
            }
            NDArray logits = ops.dense(HEAD_DENSES[i], dropped);
            dropped.close();
            votes.add(reluAndClose(logits));
        }
        NDArray concat = NDArrays.concat(new NDList(votes), 1);
        votes.forEach(NDArray::close);
        NDArray out = ops.dense(FINAL_DENSE, concat);
        concat.close();
        return new NDList(out);
    }

    /** P3, P4, P5, P6, P7 from [C3, C4, C5] (inputs are not closed). */
    NDList pyramid(LayerOps ops, NDList inputs) {
        NDArray c3 = inputs.get(0);
        NDArray c4 = inputs.get(1);
        NDArray c5 = inputs.get(2);
        Level p5 = level(ops, "P5", ops.conv("C5_reduced", c5, 0), c4);
        Level p4 = level(ops, "P4", lateral(ops, "C4_reduced", c4, p5.upsampled()), c3);
        NDArray p3cat = lateral(ops, "C3_reduced", c3, p4.upsampled());
        NDArray p3 = ops.conv("P3", p3cat, 0);
        p3cat.close();
        NDArray c5p = TfOps.padSame(c5, 3, 2, 0); // TF "same" at stride 2: the odd pixel after
        NDArray p6 = ops.conv("P6", c5p, 0);
        if (c5p != c5) {
            c5p.close();
        }
        NDArray p6Relu = Activation.relu(p6); // C6_relu
        NDArray p6p = TfOps.padSame(p6Relu, 3, 2, 0);
        if (p6p != p6Relu) {
            p6Relu.close();
        }
        NDArray p7 = ops.conv("P7", p6p, 0);
        p6p.close();
        return new NDList(p3, p4.output(), p5.output(), p6, p7);
    }

    /** A pyramid level's output and its input resized to the next finer level (P5_upsampled, P4_upsampled). */
    private record Level(NDArray output, NDArray upsampled) {
    }

    /** Level {@code conv} of its input {@code x}, and x resized like {@code finer}; closes x unless it is the resize. */
    private static Level level(LayerOps ops, String conv, NDArray x, NDArray finer) {
        NDArray up = TfOps.resizeNearest(x, finer.getShape().get(2), finer.getShape().get(3));
        NDArray out = ops.conv(conv, x, 0);
        if (up != x) {
            x.close();
        }
        return new Level(out, up);
    }

    /** The concatenation [upsampled, reduce(c)] (the published code's merge); closes {@code upsampled}. */
    private static NDArray lateral(LayerOps ops, String reduce, NDArray c, NDArray upsampled) {
        NDArray reduced = ops.conv(reduce, c, 0);
        NDArray merged = NDArrays.concat(new NDList(upsampled, reduced), 1);
        upsampled.close();
        reduced.close();
        return merged;
    }

    @Override
    public Shape[] getOutputShapes(Shape[] inputShapes) {
        return new Shape[] {new Shape(inputShapes[0].get(0), 2)};
    }
}
