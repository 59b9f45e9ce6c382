package org.covidct.nn.model;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDArrays;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.Activation;
import ai.djl.nn.Parameter;
import ai.djl.nn.core.Linear;
import ai.djl.nn.norm.Dropout;
import ai.djl.training.ParameterStore;
import ai.djl.training.initializer.NormalInitializer;
import ai.djl.util.PairList;
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
 * kernels can be permuted ({@link KerasKernels#denseFromKeras}).
 */
final class FpnHead extends LayerGraphBlock {

    static final String[] HEAD_DENSES = {"dense_1", "dense_2", "dense_3", "dense_4", "dense_5"};
    static final String FINAL_DENSE = "dense_6";
    static final float HEAD_INIT_STDDEV = 0.001f;
    static final float DROPOUT_RATE = 0.5f;

    private final Shape[] pyramidShapes = new Shape[5];

    FpnHead(ModelConfig config, Shape c3, Shape c4, Shape c5) {
        int f = config.channels(256);
        int[] p = Geometry.pyramid(config.inputSize());
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

    /** (C,H,W) of P3..P7. */
    Shape[] pyramidShapes() {
        return pyramidShapes.clone();
    }

    @Override
    protected NDList forwardInternal(ParameterStore ps, NDList inputs, boolean training,
                                     PairList<String, Object> params) {
        NDList pyramid = pyramid(ps, inputs, training, params);
        List<NDArray> votes = new ArrayList<>(5);
        for (int i = 0; i < 5; i++) {
            NDArray pi = pyramid.get(i);
            NDArray flat = pi.reshape(pi.getShape().get(0), -1);
            NDArray dropped = Dropout.dropout(flat, DROPOUT_RATE, training).singletonOrThrow();
            if (dropped != flat) {
                flat.close();
            }
            NDArray logits = applyAndClose(HEAD_DENSES[i], ps, dropped, training, params);
            votes.add(Activation.relu(logits));
            logits.close();
            pi.close();
        }
        NDArray concat = NDArrays.concat(new NDList(votes), 1);
        votes.forEach(NDArray::close);
        return new NDList(applyAndClose(FINAL_DENSE, ps, concat, training, params));
    }

    /** P3, P4, P5, P6, P7 from [C3, C4, C5] (inputs are not closed). */
    NDList pyramid(ParameterStore ps, NDList inputs, boolean training, PairList<String, Object> params) {
        NDArray c3 = inputs.get(0);
        NDArray c4 = inputs.get(1);
        NDArray c5 = inputs.get(2);
        NDArray p5r = apply("C5_reduced", ps, c5, training, params);
        NDArray p5Up = TfOps.resizeNearest(p5r, c4.getShape().get(2), c4.getShape().get(3));
        NDArray p5 = apply("P5", ps, p5r, training, params);
        if (p5Up != p5r) {
            p5r.close();
        }
        NDArray c4r = apply("C4_reduced", ps, c4, training, params);
        NDArray p4cat = NDArrays.concat(new NDList(p5Up, c4r), 1);
        p5Up.close();
        c4r.close();
        NDArray p4Up = TfOps.resizeNearest(p4cat, c3.getShape().get(2), c3.getShape().get(3));
        NDArray p4 = apply("P4", ps, p4cat, training, params);
        if (p4Up != p4cat) {
            p4cat.close();
        }
        NDArray c3r = apply("C3_reduced", ps, c3, training, params);
        NDArray p3cat = NDArrays.concat(new NDList(p4Up, c3r), 1);
        p4Up.close();
        c3r.close();
        NDArray p3 = applyAndClose("P3", ps, p3cat, training, params);
        NDArray c5p = TfOps.padSame(c5, 3, 2, 0);
        NDArray p6 = apply("P6", ps, c5p, training, params);
        if (c5p != c5) {
            c5p.close();
        }
        NDArray p6Relu = Activation.relu(p6);
        NDArray p6p = TfOps.padSame(p6Relu, 3, 2, 0);
        if (p6p != p6Relu) {
            p6Relu.close();
        }
        NDArray p7 = applyAndClose("P7", ps, p6p, training, params);
        return new NDList(p3, p4, p5, p6, p7);
    }

    @Override
    public Shape[] getOutputShapes(Shape[] inputShapes) {
        return new Shape[] {new Shape(inputShapes[0].get(0), 2)};
    }
}
