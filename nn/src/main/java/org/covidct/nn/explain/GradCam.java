package org.covidct.nn.explain;

import ai.djl.engine.Engine;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.Block;
import ai.djl.training.GradientCollector;
import ai.djl.training.ParameterStore;
import org.covidct.nn.model.Architecture;
import org.covidct.nn.model.SplitNetwork;

/**
 * Grad-CAM (Selvaraju et al., ICCV 2017) for networks split into a feature extractor and a head: the
 * target layer is the last output of the feature extractor. For each slice:
 * <ol>
 *   <li>A = the target layer's activations (C x h x w), detached, so gradients stop there;</li>
 *   <li>y = logit(covid) - logit(normal), the COVID log-odds, computed by the head from A;</li>
 *   <li>alpha_c = mean over h, w of dy/dA_c; map = ReLU(sum_c alpha_c A_c);</li>
 *   <li>bilinear upsampling to the slice size, then scaling by the map's maximum.</li>
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

    /** The Keras name of the layer whose activations the maps are computed on. */
    public static String targetLayer(Architecture architecture) {
        return switch (architecture) {
            case FPN, RESNET50V2 -> "post_relu";
            case XCEPTION -> "block14_sepconv2_act";
        };
    }

    /** Maps of a batch for one of the three networks (target layer: {@link #targetLayer}). */
    public static Heatmap[] compute(SplitNetwork network, NDArray input, int sliceWidth, int sliceHeight) {
        return compute(network.features(), network.head(), input, sliceWidth, sliceHeight);
    }

    /**
     * Computes the maps of a batch.
     *
     * @param features    the feature extractor; its last output is the target layer (N, C, h, w)
     * @param head        maps the features' full output list to logits (N, 2)
     * @param input       the network input (N, 1, S, S) as the classifier prepares it
     * @param sliceWidth  width to upsample to (the original slice's)
     * @param sliceHeight height to upsample to
     */
    public static Heatmap[] compute(Block features, Block head, NDArray input, int sliceWidth, int sliceHeight) {
        Raw raw = raw(features, head, input);
        Heatmap[] out = new Heatmap[raw.n];
        for (int i = 0; i < raw.n; i++) {
            float[] cam = camOf(raw.activations, raw.gradients, i, raw.c, raw.h, raw.w);
            out[i] = toHeatmap(cam, raw.w, raw.h, sliceWidth, sliceHeight, raw.pCovid[i]);
        }
        return out;
    }

    /** Target-layer activations and the log-odds gradients w.r.t. them, (N, C, h, w) row-major. */
    record Raw(int n, int c, int h, int w, float[] activations, float[] gradients, float[] pCovid, float[] logOdds) {
    }

    static Raw raw(Block features, Block head, NDArray input) {
        try (NDManager scope = input.getManager().newSubManager()) {
            ParameterStore ps = new ParameterStore(scope, false);
            NDList feats = features.forward(ps, new NDList(input), false);
            int last = feats.size() - 1;
            NDArray target = feats.get(last).stopGradient();
            target.attach(scope);
            target.setRequiresGradient(true);
            NDList headInput = new NDList(feats);
            headInput.set(last, target);
            float[] pCovid;
            float[] logOddsValues;
            try (GradientCollector gc = Engine.getInstance().newGradientCollector()) {
                NDArray logits = head.forward(ps, headInput, false).singletonOrThrow();
                NDArray logOdds = logits.get(":, " + COVID).sub(logits.get(":, " + (1 - COVID)));
                pCovid = logits.softmax(1).get(":, " + COVID).toFloatArray();
                logOddsValues = logOdds.toFloatArray();
                gc.backward(logOdds.sum());
            }
            Shape s = target.getShape();
            if (s.dimension() != 4) {
                throw new IllegalStateException("Grad-CAM target layer must be (N, C, h, w), got " + s);
            }
            return new Raw((int) s.get(0), (int) s.get(1), (int) s.get(2), (int) s.get(3), target.toFloatArray(),
                    target.getGradient().toFloatArray(), pCovid, logOddsValues);
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

    static Heatmap toHeatmap(float[] cam, int w, int h, int outW, int outH, float pCovid) {
        float[] up = bilinear(cam, w, h, outW, outH);
        float max = 0;
        for (float v : up) {
            max = Math.max(max, v);
        }
        if (max > 0) {
            for (int i = 0; i < up.length; i++) {
                up[i] /= max;
            }
        }
        float rawMax = 0;
        for (float v : cam) {
            rawMax = Math.max(rawMax, v);
        }
        return new Heatmap(outW, outH, up, w, h, rawMax, pCovid);
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
