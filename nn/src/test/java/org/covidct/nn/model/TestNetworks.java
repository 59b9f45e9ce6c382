package org.covidct.nn.model;

import ai.djl.engine.Engine;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.nn.Parameter;

/** Small initialised networks with non-trivial BatchNorm statistics, for tests. */
public final class TestNetworks {

    private TestNetworks() {
    }

    /** A seeded network whose BatchNorms have random gamma, beta, moving mean and variance. */
    public static Network randomised(ModelConfig config, NDManager manager, long seed) {
        Engine.getInstance().setRandomSeed((int) seed);
        Network net = Networks.build(config);
        net.initialize(manager);
        for (KerasLayer l : net.kerasLayers()) {
            if (l.kind() != KerasLayer.Kind.BATCH_NORM) {
                continue;
            }
            Parameter gamma = l.parameters().get(0);
            long c = gamma.getArray().getShape().get(0);
            set(l.parameters().get(0), manager.randomUniform(0.5f, 1.5f, gamma.getArray().getShape()));
            set(l.parameters().get(1), manager.randomUniform(-0.2f, 0.2f, gamma.getArray().getShape()));
            set(l.parameters().get(2), manager.randomUniform(-0.5f, 0.5f, gamma.getArray().getShape()));
            set(l.parameters().get(3), manager.randomUniform(0.5f, 2f, gamma.getArray().getShape()));
            assert c > 0;
        }
        return net;
    }

    private static void set(Parameter p, NDArray value) {
        p.getArray().set(value.toFloatArray());
        value.close();
    }
}
