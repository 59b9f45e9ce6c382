package org.covidct.nn.model;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.pooling.Pool;

/** TensorFlow/Keras operations whose PyTorch counterparts differ in padding or resizing rules. */
public final class TfOps {

    /** The interpolation code DJL's PyTorch engine maps to nearest-neighbour. */
    private static final int NEAREST = 0;

    private TfOps() {
    }

    /**
     * Zero (or -inf) padding that makes a following valid k x k / stride s window equal to TF "same":
     * the odd pixel goes after (bottom, right). Returns the input itself when nothing is needed.
     */
    public static NDArray padSame(NDArray x, int kernel, int stride, double value) {
        Shape sh = x.getShape();
        int[] ph = Geometry.samePadding((int) sh.get(2), kernel, stride);
        int[] pw = Geometry.samePadding((int) sh.get(3), kernel, stride);
        if (ph[0] == 0 && ph[1] == 0 && pw[0] == 0 && pw[1] == 0) {
            return x;
        }
        // DJL/PyTorch pad order: last dimension first (left, right, top, bottom)
        return x.pad(new Shape(pw[0], pw[1], ph[0], ph[1]), value);
    }

    /** MaxPooling2D(k, strides=s, padding="same"): pads with -inf so padding never wins the max. */
    public static NDArray maxPoolSame(NDArray x, int kernel, int stride) {
        NDArray p = padSame(x, kernel, stride, Double.NEGATIVE_INFINITY);
        NDArray y = Pool.maxPool2d(p, new Shape(kernel, kernel), new Shape(stride, stride), new Shape(0, 0), false);
        if (p != x) {
            p.close();
        }
        return y;
    }

    /**
     * Nearest-neighbour resize to (height, width) with TF1 semantics (align_corners false, no half-pixel
     * centres: source index floor(i * in / out)), which is also PyTorch's "nearest". Returns the input
     * itself when the size already matches (keras-retinanet's UpsampleLike at equal sizes).
     */
    public static NDArray resizeNearest(NDArray x, long height, long width) {
        Shape sh = x.getShape();
        if (sh.get(2) == height && sh.get(3) == width) {
            return x;
        }
        return x.getNDArrayInternal().interpolation(new long[] {height, width}, NEAREST, false);
    }
}
