package org.covidct.nn.model;

import ai.djl.engine.Engine;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import java.util.List;

/** Builds the three networks from a {@link ModelConfig}. */
public final class Networks {

    /** The FPN's taps on ResNet50V2, in [C3, C4, C5] order (C5 last: the Grad-CAM target). */
    public static final List<String> FPN_TAPS =
            List.of("conv4_block1_preact_relu", "conv5_block1_preact_relu", ResNet50V2Features.POST_RELU);

    private Networks() {
    }

    /**
     * A network initialised with Keras' initialisers from a seed: the same seed gives bit-identical weights
     * (the engine's generator is seeded first, and initialisation draws in the blocks' fixed order).
     */
    public static Network initialised(ModelConfig config, long seed, NDManager manager) {
        Engine.getInstance().setRandomSeed((int) seed);
        Network network = build(config);
        network.initialize(manager);
        return network;
    }

    /** An uninitialised network; call {@link Network#initialize} or load parameters next. */
    public static Network build(ModelConfig config) {
        return switch (config.architecture()) {
            case FPN -> {
                ResNet50V2Features f = new ResNet50V2Features(config, FPN_TAPS);
                Shape c3 = f.tapShape(FPN_TAPS.get(0));
                Shape c4 = f.tapShape(FPN_TAPS.get(1));
                Shape c5 = f.tapShape(FPN_TAPS.get(2));
                yield new Network(config, f, new FpnHead(config, c3, c4, c5));
            }
            case RESNET50V2 -> {
                ResNet50V2Features f = new ResNet50V2Features(config, List.of(ResNet50V2Features.POST_RELU));
                yield new Network(config, f, new PoolingHead((int) f.tapShape(ResNet50V2Features.POST_RELU).get(0)));
            }
            case XCEPTION -> {
                XceptionFeatures f = new XceptionFeatures(config);
                yield new Network(config, f, new PoolingHead((int) f.outputShape().get(0)));
            }
        };
    }
}
