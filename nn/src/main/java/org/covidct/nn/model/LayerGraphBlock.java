package org.covidct.nn.model;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.AbstractBlock;
import ai.djl.nn.Activation;
import ai.djl.nn.Block;
import ai.djl.nn.Parameter;
import ai.djl.nn.core.Linear;
import ai.djl.nn.convolutional.Conv2d;
import ai.djl.nn.norm.BatchNorm;
import ai.djl.training.ParameterStore;
import ai.djl.training.initializer.XavierInitializer;
import ai.djl.util.PairList;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * A block made of named Keras-style layers whose input shapes are known when it is built (the input
 * size is part of {@link ModelConfig}), so every layer is initialised with its true shape and the
 * forward pass is written as plain code (taps, concatenations, residual sums) rather than nested
 * sequential blocks.
 *
 * <p>Parameterless operations (padding, pooling, ReLU, resizing) are not layers here: only the layers
 * that own weights are children, in creation order, which is also the order of
 * {@link #saveParameters}.
 */
abstract class LayerGraphBlock extends AbstractBlock {

    /** Keras' default kernel initialiser, glorot_uniform: U(-a, a), a = sqrt(6 / (fan_in + fan_out)). */
    static final XavierInitializer GLOROT_UNIFORM =
            new XavierInitializer(XavierInitializer.RandomType.UNIFORM, XavierInitializer.FactorType.AVG, 3);

    private final Map<String, Block> layers = new LinkedHashMap<>();
    private final Map<String, Shape> layerInputs = new LinkedHashMap<>();
    private final Map<String, Float> epsilons = new LinkedHashMap<>();
    private final List<KerasLayerSpec> kerasSpecs = new ArrayList<>();

    private record KerasLayerSpec(String name, KerasLayer.Kind kind, Block block, Shape flattened) {
    }

    /** Adds a weight-owning layer with the shape (without batch) of the input it receives. */
    protected final <B extends Block> B layer(String kerasName, KerasLayer.Kind kind, B block, Shape input) {
        return layer(kerasName, kind, block, input, null);
    }

    protected final <B extends Block> B layer(String kerasName, KerasLayer.Kind kind, B block, Shape input,
                                              Shape flattenedChw) {
        if (layers.containsKey(kerasName)) {
            throw new IllegalStateException("duplicate layer " + kerasName);
        }
        addChildBlock(kerasName, block);
        layers.put(kerasName, block);
        layerInputs.put(kerasName, input);
        kerasSpecs.add(new KerasLayerSpec(kerasName, kind, block, flattenedChw));
        return block;
    }

    /** A Conv2D layer: kernel k x k, given stride, symmetric padding (TF "same" stride 1 or valid). */
    protected final Conv2d conv(String name, int filters, int kernel, int stride, int symmetricPad,
                                boolean bias, Shape input) {
        Conv2d c = Conv2d.builder()
                .setFilters(filters)
                .setKernelShape(new Shape(kernel, kernel))
                .optStride(new Shape(stride, stride))
                .optPadding(new Shape(symmetricPad, symmetricPad))
                .optBias(bias)
                .build();
        c.setInitializer(GLOROT_UNIFORM, Parameter.Type.WEIGHT);
        return layer(name, KerasLayer.Kind.CONV2D, c, input);
    }

    protected final BatchNorm batchNorm(String name, float epsilon, Shape input) {
        BatchNorm bn = BatchNorm.builder().optEpsilon(epsilon).optMomentum(0.99f).build();
        epsilons.put(name, epsilon);
        return layer(name, KerasLayer.Kind.BATCH_NORM, bn, input);
    }

    protected final Linear dense(String name, int units, Shape input, Shape flattenedChw) {
        Linear d = Linear.builder().setUnits(units).build();
        d.setInitializer(GLOROT_UNIFORM, Parameter.Type.WEIGHT);
        return layer(name, flattenedChw == null ? KerasLayer.Kind.DENSE : KerasLayer.Kind.DENSE_AFTER_FLATTEN,
                d, input, flattenedChw);
    }

    /**
     * The forward pass, written once against {@link LayerOps}: DJL's forward runs it through the blocks
     * ({@link BlockOps}), the fast inference path with the algebra folded ({@link FoldedOps}).
     */
    protected abstract NDList forward(LayerOps ops, NDList inputs);

    @Override
    protected final NDList forwardInternal(ParameterStore ps, NDList inputs, boolean training,
                                           PairList<String, Object> params) {
        return forward(new BlockOps(layers::get, ps, training, params), inputs);
    }

    /** ReLU of {@code x}, closing {@code x}. */
    static NDArray reluAndClose(NDArray x) {
        NDArray y = Activation.relu(x);
        x.close();
        return y;
    }

    /** The layer of this block named {@code kerasName}, or null. */
    final Block layer(String kerasName) {
        return layers.get(kerasName);
    }

    /** The epsilon of BatchNorm layer {@code kerasName} (DJL's BatchNorm does not say), or null. */
    final Float epsilon(String kerasName) {
        return epsilons.get(kerasName);
    }

    /** The weight-owning layers by Keras name, in creation order. */
    public final Map<String, Block> layers() {
        return Collections.unmodifiableMap(layers);
    }

    /** The Keras layers with their DJL parameters in Keras weight order (see {@link KerasLayer}). */
    public final List<KerasLayer> kerasLayers() {
        List<KerasLayer> out = new ArrayList<>();
        for (KerasLayerSpec s : kerasSpecs) {
            out.add(new KerasLayer(s.name(), s.kind(), kerasOrder(s.kind(), s.block()), s.flattened()));
        }
        return out;
    }

    private static List<Parameter> kerasOrder(KerasLayer.Kind kind, Block block) {
        PairList<String, Parameter> ps = block.getParameters();
        List<Parameter> out = new ArrayList<>();
        switch (kind) {
            case BATCH_NORM -> {
                for (String key : List.of("gamma", "beta", "runningMean", "runningVar")) {
                    out.add(ps.get(key));
                }
            }
            case SEPARABLE_CONV2D -> {
                for (int i = 0; i < ps.size(); i++) {
                    out.add(ps.valueAt(i)); // depthwise then pointwise, the children's order
                }
            }
            default -> {
                out.add(ps.get("weight"));
                if (ps.contains("bias")) {
                    out.add(ps.get("bias"));
                }
            }
        }
        return out;
    }

    @Override
    protected void initializeChildBlocks(NDManager manager, DataType dataType, Shape... inputShapes) {
        for (Map.Entry<String, Block> e : layers.entrySet()) {
            Shape in = layerInputs.get(e.getKey());
            e.getValue().initialize(manager, dataType, new Shape(1).addAll(in));
        }
    }
}
