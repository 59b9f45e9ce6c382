package org.covidct.nn.model;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.AbstractBlock;
import ai.djl.nn.Block;
import ai.djl.nn.Parameter;
import ai.djl.training.ParameterStore;
import ai.djl.util.PairList;
import java.util.ArrayList;
import java.util.List;

/**
 * One of the three classifiers as a DJL block. Input (N, 1, S, S): the raw 16-bit CT values as float,
 * not rescaled. Output (N, 2): LOGITS, class 0 = covid, 1 = normal (softmax belongs to the caller or
 * the loss). Built by {@link Networks#build}.
 */
public final class Network extends AbstractBlock implements SplitNetwork {

    private final ModelConfig config;
    private final LayerGraphBlock features;
    private final LayerGraphBlock head;

    Network(ModelConfig config, LayerGraphBlock features, LayerGraphBlock head) {
        this.config = config;
        this.features = addChildBlock("features", features);
        this.head = addChildBlock("head", head);
    }

    public ModelConfig config() {
        return config;
    }

    /** Input shape for a batch: (batch, 1, S, S). */
    public Shape inputShape(long batch) {
        return new Shape(batch, 1, config.inputSize(), config.inputSize());
    }

    /** Initialises every parameter with the Keras initialisers (seed the engine first for determinism). */
    public void initialize(NDManager manager) {
        initialize(manager, DataType.FLOAT32, inputShape(1));
    }

    @Override
    public Block features() {
        return features;
    }

    @Override
    public Block head() {
        return head;
    }

    /** Backbone layers (ResNet50V2 or Xception without top) as Keras names them. */
    public List<KerasLayer> backboneLayers() {
        return features.kerasLayers();
    }

    /** Every weight-carrying Keras layer, backbone first, with its DJL parameters (see {@link KerasLayer}). */
    public List<KerasLayer> kerasLayers() {
        List<KerasLayer> all = new ArrayList<>(features.kerasLayers());
        all.addAll(head.kerasLayers());
        return all;
    }

    /** Total number of scalar weights, counted as Keras counts them (BatchNorm moving statistics included). */
    public long parameterCount() {
        return count(this);
    }

    /** Weights of the backbone (the features block) alone. */
    public long backboneParameterCount() {
        return count(features);
    }

    private static long count(Block block) {
        long n = 0;
        for (Parameter p : block.getParameters().values()) {
            n += p.getShape() == null ? p.getArray().size() : p.getShape().size();
        }
        return n;
    }

    /** The weight-owning layer named {@code kerasName}, in the features or the head; null when there is none. */
    Block layer(String kerasName) {
        Block b = features.layer(kerasName);
        return b != null ? b : head.layer(kerasName);
    }

    /** The epsilon of BatchNorm layer {@code kerasName}. */
    float epsilon(String kerasName) {
        Float e = features.epsilon(kerasName);
        if (e == null) {
            e = head.epsilon(kerasName);
        }
        if (e == null) {
            throw new IllegalStateException("no BatchNorm " + kerasName);
        }
        return e;
    }

    /** Logits of {@code x} with the network's own forward code and {@code ops} doing the layers; x is kept. */
    NDArray logits(LayerOps ops, NDArray x) {
        NDList feats = features.forward(ops, new NDList(x));
        NDArray out = head.forward(ops, feats).singletonOrThrow();
        feats.close();
        return out;
    }

    /** (C,H,W) of P3..P7 for the FPN; an empty array for the baselines. */
    public Shape[] pyramidShapes() {
        return head instanceof FpnHead f ? f.pyramidShapes() : new Shape[0];
    }

    @Override
    protected NDList forwardInternal(ParameterStore ps, NDList inputs, boolean training,
                                     PairList<String, Object> params) {
        NDArray x = inputs.singletonOrThrow();
        Shape expected = inputShape(x.getShape().get(0));
        if (!x.getShape().equals(expected)) {
            throw new IllegalArgumentException("network " + config + " expects input " + expected
                    + ", got " + x.getShape());
        }
        NDList feats = features.forward(ps, inputs, training, params);
        NDList out = head.forward(ps, feats, training, params);
        feats.close();
        return out;
    }

    @Override
    public Shape[] getOutputShapes(Shape[] inputShapes) {
        return new Shape[] {new Shape(inputShapes[0].get(0), 2)};
    }

    @Override
    protected void initializeChildBlocks(NDManager manager, DataType dataType, Shape... inputShapes) {
        features.initialize(manager, dataType, inputShapes);
        head.initialize(manager, dataType, features.getOutputShapes(inputShapes));
    }
}
