package org.covidct.nn.model;

/**
 * Spatial size arithmetic of Keras windows ("valid" and TensorFlow "same"), shared by the networks'
 * construction (each block computes its own map sizes with it), their size checks and the padding applied at
 * run time.
 */
public final class Geometry {

    private Geometry() {
    }

    /** Output size of a "valid" (unpadded) window. */
    public static int valid(int size, int kernel, int stride) {
        return size < kernel ? 0 : (size - kernel) / stride + 1;
    }

    /** Output size of a TensorFlow "same" window: ceil(size / stride). */
    public static int same(int size, int stride) {
        return (size + stride - 1) / stride;
    }

    /**
     * TensorFlow "same" padding as {before, after}: the total is split with the odd pixel AFTER, so a
     * stride-2 window on an even size pads 0 before and 1 after (PyTorch's symmetric padding would
     * shift the sampling grid by one pixel).
     */
    public static int[] samePadding(int size, int kernel, int stride) {
        int total = Math.max((same(size, stride) - 1) * stride + kernel - size, 0);
        return new int[] {total / 2, total - total / 2};
    }
}
