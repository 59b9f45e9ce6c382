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
        return conv(k, kh, kw, in, out, true);
    }

    /** Inverse of {@link #hwioToOihw}. */
    public static float[] oihwToHwio(float[] k, int out, int in, int kh, int kw) {
        return conv(k, kh, kw, in, out, false);
    }

    /** Between (kh, kw, in, out) and (out, in, kh, kw), either way. */
    private static float[] conv(float[] k, int kh, int kw, int in, int out, boolean toDjl) {
        float[] r = new float[k.length];
        for (int y = 0; y < kh; y++) {
            for (int x = 0; x < kw; x++) {
                for (int i = 0; i < in; i++) {
                    for (int o = 0; o < out; o++) {
                        int keras = ((y * kw + x) * in + i) * out + o;
                        int djl = ((o * in + i) * kh + y) * kw + x;
                        move(k, r, keras, djl, toDjl);
                    }
                }
            }
        }
        return r;
    }

    /**
     * Depthwise kernel (kh, kw, in, multiplier) to a grouped convolution weight (in * multiplier, 1, kh, kw);
     * TensorFlow orders the depthwise outputs channel-major (output c * multiplier + j comes from input c),
     * which is also the order of a PyTorch convolution with groups = in.
     */
    public static float[] depthwiseToGrouped(float[] k, int kh, int kw, int in, int multiplier) {
        return depthwise(k, kh, kw, in, multiplier, true);
    }

    /** Inverse of {@link #depthwiseToGrouped}. */
    public static float[] groupedToDepthwise(float[] k, int kh, int kw, int in, int multiplier) {
        return depthwise(k, kh, kw, in, multiplier, false);
    }

    private static float[] depthwise(float[] k, int kh, int kw, int in, int multiplier, boolean toDjl) {
        float[] r = new float[k.length];
        for (int y = 0; y < kh; y++) {
            for (int x = 0; x < kw; x++) {
                for (int c = 0; c < in; c++) {
                    for (int j = 0; j < multiplier; j++) {
                        int keras = ((y * kw + x) * in + c) * multiplier + j;
                        int djl = ((c * multiplier + j) * kh + y) * kw + x;
                        move(k, r, keras, djl, toDjl);
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
