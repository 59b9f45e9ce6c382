package org.covidct.nn.model;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.AbstractBlock;
import ai.djl.nn.Parameter;
import ai.djl.nn.convolutional.Conv2d;
import ai.djl.training.ParameterStore;
import ai.djl.util.PairList;

/**
 * Keras SeparableConv2D as used by Xception: a 3x3 depthwise convolution ("same", stride 1, so
 * padding 1 on every side) followed by a 1x1 pointwise convolution, neither with a bias.
 */
final class SeparableConv2d extends AbstractBlock {

    private final int inChannels;
    private final int filters;
    private final Conv2d depthwise;
    private final Conv2d pointwise;

    SeparableConv2d(int inChannels, int filters) {
        this.inChannels = inChannels;
        this.filters = filters;
        depthwise = addChildBlock("depthwise", Conv2d.builder()
                .setFilters(inChannels)
                .optGroups(inChannels)
                .setKernelShape(new Shape(3, 3))
                .optPadding(new Shape(1, 1))
                .optBias(false)
                .build());
        pointwise = addChildBlock("pointwise", Conv2d.builder()
                .setFilters(filters)
                .setKernelShape(new Shape(1, 1))
                .optBias(false)
                .build());
        depthwise.setInitializer(LayerGraphBlock.GLOROT_UNIFORM, Parameter.Type.WEIGHT);
        pointwise.setInitializer(LayerGraphBlock.GLOROT_UNIFORM, Parameter.Type.WEIGHT);
    }

    Conv2d depthwise() {
        return depthwise;
    }

    Conv2d pointwise() {
        return pointwise;
    }

    @Override
    protected NDList forwardInternal(ParameterStore ps, NDList inputs, boolean training,
                                     PairList<String, Object> params) {
        NDArray d = depthwise.forward(ps, inputs, training, params).singletonOrThrow();
        NDList out = pointwise.forward(ps, new NDList(d), training, params);
        d.close();
        return out;
    }

    @Override
    public Shape[] getOutputShapes(Shape[] inputShapes) {
        Shape in = inputShapes[0];
        return new Shape[] {new Shape(in.get(0), filters, in.get(2), in.get(3))};
    }

    @Override
    protected void initializeChildBlocks(NDManager manager, DataType dataType, Shape... inputShapes) {
        Shape in = inputShapes[0];
        depthwise.initialize(manager, dataType, in);
        pointwise.initialize(manager, dataType, new Shape(in.get(0), inChannels, in.get(2), in.get(3)));
    }
}
