package org.covidct.nn.keras;

/**
 * Weight layout conversions between Keras (TensorFlow, NHWC) and DJL/PyTorch (NCHW). All arrays are
 * row-major; each method has its exact inverse so that export followed by import is the identity.
 */
public final class LayoutConversions {

    private LayoutConversions() {
    }

    /** Conv kernel (kh, kw, in, out) to (out, in, kh, kw). */
    public static float[] hwioToOihw(float[] k, int kh, int kw, int in, int out) {
        return transpose(k, new int[] {kh, kw, in, out}, CONV_AXES, true);
    }

    /** Inverse of {@link #hwioToOihw}. */
    public static float[] oihwToHwio(float[] k, int out, int in, int kh, int kw) {
        return transpose(k, new int[] {kh, kw, in, out}, CONV_AXES, false);
    }

    /**
     * Depthwise kernel (kh, kw, in, multiplier) to a grouped convolution weight (in * multiplier, 1, kh, kw);
     * TensorFlow orders the depthwise outputs channel-major (output c * multiplier + j comes from input c),
     * which is also the order of a PyTorch convolution with groups = in.
     */
    public static float[] depthwiseToGrouped(float[] k, int kh, int kw, int in, int multiplier) {
        return transpose(k, new int[] {kh, kw, in, multiplier}, DEPTHWISE_AXES, true);
    }

    /** Inverse of {@link #depthwiseToGrouped}. */
    public static float[] groupedToDepthwise(float[] k, int kh, int kw, int in, int multiplier) {
        return transpose(k, new int[] {kh, kw, in, multiplier}, DEPTHWISE_AXES, false);
    }

    /** Our convolution weight (out, in, kh, kw) takes the Keras kernel's axes (kh, kw, in, out) in this order. */
    private static final int[] CONV_AXES = {3, 2, 0, 1};
    /** Our grouped weight (in, multiplier, kh, kw) takes the Keras depthwise kernel's axes in this order. */
    private static final int[] DEPTHWISE_AXES = {2, 3, 0, 1};

    /**
     * A row-major 4-d array of Keras shape {@code keras} with its axes reordered ({@code axes[i]} is the Keras
     * axis that becomes our axis i), or, with {@code toDjl} false, our layout back to the Keras one.
     */
    private static float[] transpose(float[] k, int[] keras, int[] axes, boolean toDjl) {
        int[] ourStrides = new int[4];
        int stride = 1;
        for (int i = 3; i >= 0; i--) {
            ourStrides[axes[i]] = stride; // the stride, in our layout, of Keras axis axes[i]
            stride *= keras[axes[i]];
        }
        float[] r = new float[k.length];
        int kerasIndex = 0;
        for (int a = 0; a < keras[0]; a++) {
            for (int b = 0; b < keras[1]; b++) {
                for (int c = 0; c < keras[2]; c++) {
                    int base = a * ourStrides[0] + b * ourStrides[1] + c * ourStrides[2];
                    for (int d = 0; d < keras[3]; d++) {
                        move(k, r, kerasIndex++, base + d * ourStrides[3], toDjl);
                    }
                }
            }
        }
        return r;
    }

    /**
     * Dense kernel (in, out) to a Linear weight (out, in). When the dense layer follows a Flatten of a
     * (c, h, w) feature map, Keras numbered its inputs in (h, w, c) order and ours are in (c, h, w) order:
     * row (y * w + x) * c + ch becomes column ch * h * w + y * w + x. {@code chw} null means no Flatten.
     */
    public static float[] denseToLinear(float[] k, int in, int out, int[] chw) {
        return dense(k, in, out, chw, true);
    }

    /** Inverse of {@link #denseToLinear}. */
    public static float[] linearToDense(float[] w, int out, int in, int[] chw) {
        return dense(w, in, out, chw, false);
    }

    private static float[] dense(float[] k, int in, int out, int[] chw, boolean toDjl) {
        float[] r = new float[k.length];
        for (int row = 0; row < in; row++) {
            int col = chw == null ? row : hwcRowToChwColumn(row, chw);
            for (int o = 0; o < out; o++) {
                move(k, r, row * out + o, o * in + col, toDjl);
            }
        }
        return r;
    }

    /** One value from the Keras layout to ours ({@code toDjl}) or back: the same index pair serves both ways. */
    private static void move(float[] from, float[] to, int keras, int djl, boolean toDjl) {
        if (toDjl) {
            to[djl] = from[keras];
        } else {
            to[keras] = from[djl];
        }
    }

    static int hwcRowToChwColumn(int row, int[] chw) {
        int c = chw[0];
        int h = chw[1];
        int w = chw[2];
        int ch = row % c;
        int pixel = row / c;
        int y = pixel / w;
        int x = pixel % w;
        if (y >= h) {
            throw new IllegalArgumentException("row " + row + " outside " + c + "x" + h + "x" + w);
        }
        return (ch * h + y) * w + x;
    }

    /** Sums a (kh, kw, in, out) kernel over its input channels, giving (kh, kw, 1, out). */
    public static float[] sumInputChannels(float[] k, int kh, int kw, int in, int out) {
        float[] r = new float[kh * kw * out];
        for (int p = 0; p < kh * kw; p++) {
            for (int i = 0; i < in; i++) {
                for (int o = 0; o < out; o++) {
                    r[p * out + o] += k[(p * in + i) * out + o];
                }
            }
        }
        return r;
    }
}
