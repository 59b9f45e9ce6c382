package org.covidct.nn.model;

import ai.djl.engine.Engine;
import ai.djl.ndarray.NDManager;

/** Builds a network from a {@link ModelConfig}, with its architecture's {@link NetworkSpec}. */
public final class Networks {

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

    /** An uninitialised network ({@link NetworkSpec#build}); call {@link Network#initialize} or load parameters next. */
    public static Network build(ModelConfig config) {
        return config.architecture().spec().build(config);
    }
}
