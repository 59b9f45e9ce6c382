package org.covidct.nn.model;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.pooling.Pool;
import ai.djl.training.ParameterStore;
import ai.djl.util.PairList;

/**
 * The baselines' head (not published; this project's reading): global average pooling of the last
 * feature map ("avg_pool") and a dense 2 ("predictions", Keras' include_top names) giving LOGITS.
 */
final class PoolingHead extends LayerGraphBlock {

    PoolingHead(int channels) {
        dense("predictions", 2, new Shape(channels), null);
    }

    @Override
    protected NDList forwardInternal(ParameterStore ps, NDList inputs, boolean training,
                                     PairList<String, Object> params) {
        NDArray features = inputs.get(inputs.size() - 1);
        NDArray pooled = Pool.globalAvgPool2d(features);
        return new NDList(applyAndClose("predictions", ps, pooled, training, params));
    }

    @Override
    public Shape[] getOutputShapes(Shape[] inputShapes) {
        return new Shape[] {new Shape(inputShapes[0].get(0), 2)};
    }
}
