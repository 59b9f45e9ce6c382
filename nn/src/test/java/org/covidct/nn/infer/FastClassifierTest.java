package org.covidct.nn.infer;

import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.training.ParameterStore;
import org.covidct.nn.model.Architecture;
import org.covidct.nn.model.ModelConfig;
import org.covidct.nn.model.Network;
import org.covidct.nn.model.TestNetworks;
import org.junit.jupiter.api.Test;

class FastClassifierTest {

    @Test
    void foldedForwardEqualsTheBlockForward() {
        for (Architecture a : Architecture.values()) {
            for (int size : new int[] {a == Architecture.FPN ? 65 : 71}) {
                ModelConfig cfg = new ModelConfig(a, size, 0.125);
                try (NDManager m = NDManager.newBaseManager()) {
                    Network net = TestNetworks.randomised(cfg, m, 7);
                    NDArray x = m.randomUniform(0, 3000, net.inputShape(2));
                    NDArray plain = net.forward(new ParameterStore(m, false), new NDList(x), false).singletonOrThrow();
                    for (boolean channelsLast : new boolean[] {true, false}) {
                    try (FastClassifier fast = FastClassifier.of(net, m, Precision.FP32, channelsLast)) {
                        NDArray folded = fast.logits(x);
                        float scale = plain.abs().max().getFloat();
                        float diff = plain.sub(folded).abs().max().getFloat();
                        assertTrue(scale > 0, a + " degenerate logits");
                        assertTrue(diff <= 1e-4f * scale, a + "@" + size + ": max diff " + diff + " vs scale " + scale);
                        // the input is left intact for the caller
                        assertTrue(x.getShape().equals(net.inputShape(2)));
                    }
                    }
                }
            }
        }
    }
}
