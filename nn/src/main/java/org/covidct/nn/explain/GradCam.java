package org.covidct.nn.explain;

import ai.djl.engine.Engine;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.Block;
import ai.djl.training.GradientCollector;
import ai.djl.training.ParameterStore;
import java.util.ArrayList;
import java.util.List;
import org.covidct.nn.model.Architecture;
import org.covidct.nn.model.SplitNetwork;

/**
 * Grad-CAM (Selvaraju et al., ICCV 2017) for networks split into a feature extractor and a head: the
 * target layers are the outputs of the feature extractor. For each slice and target layer:
 * <ol>
 *   <li>A = the target layer's activations (C x h x w), detached, so gradients stop there;</li>
 *   <li>y = logit(covid) - logit(normal), the COVID log-odds, computed by the head from A;</li>
 *   <li>alpha_c = mean over h, w of dy/dA_c; map = ReLU(sum_c alpha_c A_c);</li>
 *   <li>bilinear upsampling to the slice size; the target layers' maps are summed, then scaled by the
 *   maximum.</li>
 * </ol>
 * The log-odds is used rather than the probability p: dp/dA = p (1 - p) dy/dA, a positive factor per slice,
 * so the maps have the same shape, but the log-odds gradient does not vanish when the network is sure.
 * Slices in a batch are independent at inference (BatchNorm uses its moving statistics), so one backward
 * pass of the summed log-odds gives every slice its own gradient.
 */
public final class GradCam {

    /** Class index of COVID in the networks' output (Keras' alphabetical order). */
    public static final int COVID = 0;

    private GradCam() {
    }

    /**
     * The Keras names of the layers whose activations the maps are computed on: the FPN's three backbone taps
     * (C3, C4, C5, the layers its pyramid reads), the baselines' last feature map.
     */
    public static String targetLayer(Architecture architecture) {
        return String.join(" + ", architecture.spec().gradCamLayers());
    }

    /** Maps of a batch for one of the three networks (target layers: {@link #targetLayer}). */
    public static Heatmap[] compute(SplitNetwork network, NDArray input, int sliceWidth, int sliceHeight) {
        return compute(network.features(), network.head(), input, sliceWidth, sliceHeight);
    }

    /**
     * Computes the maps of a batch. Every output of {@code features} is a target layer: with several (the
     * FPN's C3, C4, C5), each level's map is computed from the gradient reaching that level through the head,
     * upsampled to the slice, and the levels are summed before scaling. The head is cut from the backbone at
     * these outputs, so the levels' gradients are those of disjoint paths (C3 only through P3, C5 through
     * P5..P7 and the top-down additions), and the sum attributes the log-odds by pyramid level instead of
     * seeing only the coarsest one (stride 32: 4 x 4 cells at 128 px).
     *
     * @param features    the feature extractor; its outputs (N, C, h, w) are the target layers
     * @param head        maps the features' full output list to logits (N, 2)
     * @param input       the network input (N, 1, S, S) as the classifier prepares it
     * @param sliceWidth  width to upsample to (the original slice's)
     * @param sliceHeight height to upsample to
     */
    public static Heatmap[] compute(Block features, Block head, NDArray input, int sliceWidth, int sliceHeight) {
        Raw raw = raw(features, head, input);
        Heatmap[] out = new Heatmap[raw.n()];
        Level finest = raw.finest();
        for (int i = 0; i < raw.n(); i++) {
            float[] sum = new float[sliceWidth * sliceHeight];
            float rawMax = 0;
            for (Level level : raw.levels()) {
                float[] cam = camOf(level.activations(), level.gradients(), i, level.c(), level.h(), level.w());
                float[] up = bilinear(cam, level.w(), level.h(), sliceWidth, sliceHeight);
                for (int p = 0; p < sum.length; p++) {
                    sum[p] += up[p];
                }
                for (float v : cam) {
                    rawMax = Math.max(rawMax, v);
                }
            }
            out[i] = scaled(sum, finest.w(), finest.h(), sliceWidth, sliceHeight, rawMax, raw.pCovid()[i]);
        }
        return out;
    }

    /** One target layer's activations and the log-odds gradients w.r.t. them, (N, C, h, w) row-major. */
    record Level(int c, int h, int w, float[] activations, float[] gradients) {
    }

    /** The target layers of a batch (in the features' output order) and the network's outputs. */
    record Raw(int n, List<Level> levels, float[] pCovid, float[] logOdds) {

        /** The last target layer (the coarsest, for the networks here). */
        Level last() {
            return levels.get(levels.size() - 1);
        }

        /** The target layer with the most cells. */
        Level finest() {
            return levels.stream().max(java.util.Comparator.comparingInt(l -> l.h() * l.w())).orElseThrow();
        }
    }

    static Raw raw(Block features, Block head, NDArray input) {
        try (NDManager scope = input.getManager().newSubManager()) {
            ParameterStore ps = new ParameterStore(scope, false);
            NDList feats = features.forward(ps, new NDList(input), false);
            NDList targets = new NDList();
            for (NDArray f : feats) {
                if (f.getShape().dimension() != 4) {
                    throw new IllegalStateException("Grad-CAM target layer must be (N, C, h, w), got " + f.getShape());
                }
                NDArray t = f.stopGradient();
                t.attach(scope);
                t.setRequiresGradient(true);
                targets.add(t);
            }
            float[] pCovid;
            float[] logOddsValues;
            try (GradientCollector gc = Engine.getInstance().newGradientCollector()) {
                NDArray logits = head.forward(ps, targets, false).singletonOrThrow();
                NDArray logOdds = logits.get(":, " + COVID).sub(logits.get(":, " + (1 - COVID)));
                pCovid = logits.softmax(1).get(":, " + COVID).toFloatArray();
                logOddsValues = logOdds.toFloatArray();
                gc.backward(logOdds.sum());
            }
            List<Level> levels = new ArrayList<>();
            for (NDArray t : targets) {
                Shape s = t.getShape();
                levels.add(new Level((int) s.get(1), (int) s.get(2), (int) s.get(3), t.toFloatArray(),
                        t.getGradient().toFloatArray()));
            }
            return new Raw((int) feats.head().getShape().get(0), levels, pCovid, logOddsValues);
        }
    }

    /** ReLU(sum_c mean(grad_c) * A_c) of sample {@code i}. */
    static float[] camOf(float[] a, float[] g, int i, int c, int h, int w) {
        int plane = h * w;
        double[] cam = new double[plane];
        int base = i * c * plane;
        for (int ch = 0; ch < c; ch++) {
            int off = base + ch * plane;
            double alpha = 0;
            for (int p = 0; p < plane; p++) {
                alpha += g[off + p];
            }
            alpha /= plane;
            if (alpha == 0) {
                continue;
            }
            for (int p = 0; p < plane; p++) {
                cam[p] += alpha * a[off + p];
            }
        }
        float[] out = new float[plane];
        for (int p = 0; p < plane; p++) {
            out[p] = (float) Math.max(0, cam[p]);
        }
        return out;
    }

    /** Scales an upsampled map to [0, 1] by its maximum. */
    static Heatmap scaled(float[] up, int layerW, int layerH, int outW, int outH, float rawMax, float pCovid) {
        float max = 0;
        for (float v : up) {
            max = Math.max(max, v);
        }
        if (max > 0) {
            for (int i = 0; i < up.length; i++) {
                up[i] /= max;
            }
        }
        return new Heatmap(outW, outH, up, layerW, layerH, rawMax, pCovid);
    }

    /** Bilinear resize with pixel centres aligned (half-pixel offset), edges clamped. */
    static float[] bilinear(float[] src, int w, int h, int outW, int outH) {
        float[] out = new float[outW * outH];
        double sx = w / (double) outW;
        double sy = h / (double) outH;
        for (int y = 0; y < outH; y++) {
            double fy = Math.min(Math.max((y + 0.5) * sy - 0.5, 0), h - 1);
            int y0 = (int) Math.floor(fy);
            int y1 = Math.min(y0 + 1, h - 1);
            double ty = fy - y0;
            for (int x = 0; x < outW; x++) {
                double fx = Math.min(Math.max((x + 0.5) * sx - 0.5, 0), w - 1);
                int x0 = (int) Math.floor(fx);
                int x1 = Math.min(x0 + 1, w - 1);
                double tx = fx - x0;
                double top = src[y0 * w + x0] * (1 - tx) + src[y0 * w + x1] * tx;
                double bottom = src[y1 * w + x0] * (1 - tx) + src[y1 * w + x1] * tx;
                out[y * outW + x] = (float) (top * (1 - ty) + bottom * ty);
            }
        }
        return out;
    }
}
