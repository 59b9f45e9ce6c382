package org.covidct.nn.explain;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import ai.djl.training.ParameterStore;
import org.covidct.nn.model.Architecture;
import org.covidct.nn.model.ModelConfig;
import org.covidct.nn.model.Network;
import org.covidct.nn.model.Networks;
import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.*;

/** Grad-CAM on the three networks: the right layer, and gradients that agree with finite differences. */
class GradCamNetworksTest {

    @Test
    void gradientsMatchFiniteDifferencesOnEveryNetwork() {
        for (Architecture a : Architecture.values()) {
            try (NDManager m = NDManager.newBaseManager()) {
                ai.djl.engine.Engine.getInstance().setRandomSeed(7);
                Network net = Networks.build(new ModelConfig(a, 96, 0.125));
                net.initialize(m);
                NDArray x = m.randomUniform(0, 2000, net.inputShape(2));
                GradCam.Raw raw = GradCam.raw(net.features(), net.head(), x);
                assertEquals(2, raw.n());
                assertEquals(a == Architecture.FPN ? 3 : 1, raw.levels().size(), a + ": target layers");
                assertEquals(3, raw.last().h(), a + ": stride-32 layer of a 96 px input");
                assertEquals(3, raw.last().w());
                if (a == Architecture.FPN) {
                    assertEquals(6, raw.finest().h(), "C3 (conv4_block1_preact_relu) is stride 16");
                }
                for (int level = 0; level < raw.levels().size(); level++) {
                    GradCam.Level l = raw.levels().get(level);
                    // the channel of sample 0 with the largest gradient sum
                    int plane = l.h() * l.w();
                    int best = 0;
                    double bestSum = 0;
                    for (int c = 0; c < l.c(); c++) {
                        double sum = 0;
                        for (int p = 0; p < plane; p++) {
                            sum += l.gradients()[c * plane + p];
                        }
                        if (Math.abs(sum) > Math.abs(bestSum)) {
                            bestSum = sum;
                            best = c;
                        }
                    }
                    assertNotEquals(0.0, bestSum, a + ": some gradient must flow to target layer " + level);
                    double eps = 1e-2;
                    double up = logOddsWithShift(net, m, x, level, best, eps);
                    double down = logOddsWithShift(net, m, x, level, best, -eps);
                    double numeric = (up - down) / (2 * eps);
                    assertEquals(bestSum, numeric, Math.max(1e-3, 0.05 * Math.abs(bestSum)),
                            a.cliName() + " level " + level);
                }

                Heatmap[] maps = GradCam.compute(net, x, 80, 60);
                for (Heatmap h : maps) {
                    assertEquals(80, h.width());
                    assertEquals(60, h.height());
                    for (float v : h.values()) {
                        assertTrue(v >= 0 && v <= 1);
                    }
                }
            }
        }
    }

    /** Log-odds of sample 0 after adding {@code delta} to one channel of a target layer everywhere. */
    private static double logOddsWithShift(Network net, NDManager m, NDArray x, int level, int channel,
                                           double delta) {
        try (NDManager scope = m.newSubManager()) {
            ParameterStore ps = new ParameterStore(scope, false);
            NDList feats = net.features().forward(ps, new NDList(x), false);
            NDArray t = feats.get(level).duplicate();
            Shape s = t.getShape();
            NDArray shift = scope.zeros(s);
            shift.set(new ai.djl.ndarray.index.NDIndex("0, " + channel), (float) delta);
            NDList in = new NDList(feats);
            in.set(level, t.add(shift));
            NDArray logits = net.head().forward(ps, in, false).singletonOrThrow();
            return logits.getFloat(0, 0) - logits.getFloat(0, 1);
        }
    }
}
