package org.covidct.nn.keras;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDArrays;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.AbstractBlock;
import ai.djl.nn.Activation;
import ai.djl.nn.SequentialBlock;
import ai.djl.nn.convolutional.Conv2d;
import ai.djl.nn.core.Linear;
import ai.djl.nn.norm.BatchNorm;
import ai.djl.training.ParameterStore;
import ai.djl.util.PairList;

import java.util.Map;

/**
 * The network of {@code make_golden.py} in DJL (NCHW), children named after its Keras layers; a
 * test-only stand-in built from the same block kinds as the real networks.
 */
final class GoldenNet extends AbstractBlock {

    private final Conv2d conv1;
    private final BatchNorm bn1;
    private final SequentialBlock sep1;
    private final BatchNorm bn2;
    private final Conv2d conv2;
    private final Conv2d conv3;
    private final Linear headA;
    private final Linear headB;
    private final Linear classifier;

    GoldenNet(float bn2Epsilon) {
        conv1 = addChildBlock("conv1", Conv2d.builder().setKernelShape(new Shape(3, 3)).setFilters(4)
                .optStride(new Shape(2, 2)).build());
        bn1 = addChildBlock("bn1", BatchNorm.builder().optEpsilon(1.001e-5f).build());
        sep1 = addChildBlock("sep1", new SequentialBlock()
                .add(Conv2d.builder().setKernelShape(new Shape(3, 3)).setFilters(4).optGroups(4)
                        .optPadding(new Shape(1, 1)).optBias(false).build())
                .add(Conv2d.builder().setKernelShape(new Shape(1, 1)).setFilters(6).optBias(false).build()));
        bn2 = addChildBlock("bn2", BatchNorm.builder().optEpsilon(bn2Epsilon).build());
        conv2 = addChildBlock("conv2", Conv2d.builder().setKernelShape(new Shape(3, 3)).setFilters(5).build());
        conv3 = addChildBlock("conv3", Conv2d.builder().setKernelShape(new Shape(3, 3)).setFilters(3)
                .optStride(new Shape(2, 2)).build());
        headA = addChildBlock("head_a", Linear.builder().setUnits(2).build());
        headB = addChildBlock("head_b", Linear.builder().setUnits(2).build());
        classifier = addChildBlock("classifier", Linear.builder().setUnits(2).build());
    }

    GoldenNet() {
        this(1e-3f);
    }

    static GoldenNet initialised(NDManager manager, float bn2Epsilon) {
        GoldenNet net = new GoldenNet(bn2Epsilon);
        net.initialize(manager, DataType.FLOAT32, new Shape(1, 1, 16, 16));
        return net;
    }

    /** The dense heads as the golden Keras model wires them. */
    static KerasMapping mapping(GoldenNet net) {
        return KerasMapping.builder().setRoot(net)
                .optDenseInputs(Map.of(
                        "head_a", new KerasBinding.DenseInput("conv2", new int[] {5, 6, 6}, 0),
                        "head_b", new KerasBinding.DenseInput("conv3", new int[] {3, 4, 4}, 1),
                        "classifier", new KerasBinding.DenseInput(null, null, 2)))
                .optDenseExportNames(Map.of("head_a", "dense_1", "head_b", "dense_2", "classifier", "dense_3"))
                .optFirstConv("conv1")
                .build();
    }

    /** TensorFlow "same" with stride 2 on an even size: nothing before, one after (bottom, right). */
    private static NDArray padAfter(NDArray x) {
        return x.pad(new Shape(0, 1, 0, 1), 0);
    }

    @Override
    protected NDList forwardInternal(ParameterStore ps, NDList inputs, boolean training, PairList<String, Object> params) {
        NDArray x = inputs.singletonOrThrow();
        NDArray t = conv1.forward(ps, new NDList(padAfter(x)), training).singletonOrThrow();
        t = Activation.relu(bn1.forward(ps, new NDList(t), training).singletonOrThrow());
        t = sep1.forward(ps, new NDList(t), training).singletonOrThrow();
        t = Activation.relu(bn2.forward(ps, new NDList(t), training).singletonOrThrow());
        NDArray a = conv2.forward(ps, new NDList(t), training).singletonOrThrow();
        NDArray b = conv3.forward(ps, new NDList(padAfter(t)), training).singletonOrThrow();
        long n = x.getShape().get(0);
        NDArray ha = Activation.relu(headA.forward(ps, new NDList(a.reshape(n, -1)), training).singletonOrThrow());
        NDArray hb = Activation.relu(headB.forward(ps, new NDList(b.reshape(n, -1)), training).singletonOrThrow());
        return classifier.forward(ps, new NDList(NDArrays.concat(new NDList(ha, hb), 1)), training);
    }

    @Override
    public Shape[] getOutputShapes(Shape[] inputShapes) {
        return new Shape[] {new Shape(inputShapes[0].get(0), 2)};
    }

    @Override
    protected void initializeChildBlocks(NDManager manager, DataType dataType, Shape... inputShapes) {
        long n = inputShapes[0].get(0);
        conv1.initialize(manager, dataType, new Shape(n, 1, 17, 17));
        bn1.initialize(manager, dataType, new Shape(n, 4, 8, 8));
        sep1.initialize(manager, dataType, new Shape(n, 4, 8, 8));
        bn2.initialize(manager, dataType, new Shape(n, 6, 8, 8));
        conv2.initialize(manager, dataType, new Shape(n, 6, 8, 8));
        conv3.initialize(manager, dataType, new Shape(n, 6, 9, 9));
        headA.initialize(manager, dataType, new Shape(n, 180));
        headB.initialize(manager, dataType, new Shape(n, 48));
        classifier.initialize(manager, dataType, new Shape(n, 4));
    }
}
