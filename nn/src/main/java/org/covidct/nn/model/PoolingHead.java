package org.covidct.nn.model;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.pooling.Pool;

/**
 * The baselines' head (not published; this project's reading): global average pooling of the last
 * feature map ("avg_pool") and a dense 2 ("predictions", Keras' include_top names) giving LOGITS.
 */
final class PoolingHead extends LayerGraphBlock {

    PoolingHead(int channels) {
        dense("predictions", 2, new Shape(channels), null);
    }

    @Override
    protected NDList forward(LayerOps ops, NDList inputs) {
        NDArray pooled = Pool.globalAvgPool2d(inputs.get(inputs.size() - 1)); // avg_pool
        NDArray logits = ops.dense("predictions", pooled);
        pooled.close();
        return new NDList(logits);
    }

    @Override
    public Shape[] getOutputShapes(Shape[] inputShapes) {
        return new Shape[] {new Shape(inputShapes[0].get(0), 2)};
    }
}
