package org.covidct.nn.explain;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.LambdaBlock;
import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.*;

/** Grad-CAM on hand-made blocks whose gradients are known in closed form. */
class GradCamMathTest {

    @Test
    void mapFollowsActivationsWeightedByMeanGradient() {
        try (NDManager m = NDManager.newBaseManager()) {
            // two channels of 4x4; head: log-odds = sum(A_0) - sum(A_1), so alpha = (+1/16*16.. ) = (1, -1) per mean
            float[] a = new float[2 * 16];
            a[5] = 3f;            // channel 0, (x=1, y=1)
            a[16 + 10] = 5f;      // channel 1, (x=2, y=2): negative weight, must not show
            NDArray input = m.create(a, new Shape(1, 2, 4, 4));
            LambdaBlock features = new LambdaBlock(list -> list);
            LambdaBlock head = new LambdaBlock(list -> {
                NDArray t = list.get(0);
                NDArray covid = t.get(":, 0").sum(new int[] {1, 2}).sub(t.get(":, 1").sum(new int[] {1, 2}));
                return new NDList(covid.stack(covid.zerosLike(), 1));
            });
            Heatmap h = GradCam.compute(features, head, input, 4, 4)[0];
            assertEquals(4, h.layerWidth());
            assertEquals(3f, h.rawMax(), 1e-6);
            assertArrayEquals(new int[] {1, 1}, h.argMax());
            assertEquals(1f, h.at(1, 1), 1e-6);
            assertEquals(0f, h.at(2, 2), 1e-6, "negatively weighted channel is cut by the ReLU");
            // p_covid = softmax([3 - 5, 0])[0]
            assertEquals(1 / (1 + Math.exp(2)), h.pCovid(), 1e-6);
        }
    }

    @Test
    void noPositiveEvidenceGivesAnAllZeroMap() {
        try (NDManager m = NDManager.newBaseManager()) {
            NDArray input = m.ones(new Shape(2, 1, 3, 3));
            LambdaBlock features = new LambdaBlock(list -> list);
            LambdaBlock head = new LambdaBlock(list -> {
                NDArray s = list.get(0).sum(new int[] {1, 2, 3}).neg();
                return new NDList(s.stack(s.zerosLike(), 1));
            });
            Heatmap[] maps = GradCam.compute(features, head, input, 6, 6);
            assertEquals(2, maps.length);
            for (Heatmap h : maps) {
                assertEquals(0f, h.rawMax());
                for (float v : h.values()) {
                    assertEquals(0f, v);
                }
            }
        }
    }

    @Test
    void bilinearKeepsConstantsAndInterpolatesCentres() {
        float[] c = GradCam.bilinear(new float[] {2, 2, 2, 2}, 2, 2, 7, 5);
        for (float v : c) {
            assertEquals(2f, v, 1e-6);
        }
        // 2 -> 4 columns: centres at source x = -0.25 (clamped 0), 0.25, 0.75, 1.25 (clamped 1)
        float[] r = GradCam.bilinear(new float[] {0, 1}, 2, 1, 4, 1);
        assertArrayEquals(new float[] {0f, 0.25f, 0.75f, 1f}, r, 1e-6f);
    }
}
