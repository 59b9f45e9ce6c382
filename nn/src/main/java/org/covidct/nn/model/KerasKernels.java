package org.covidct.nn.model;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.types.Shape;

/**
 * Converts Keras (TensorFlow, channels-last) weight arrays to this project's DJL (channels-first)
 * layouts and back. See {@link KerasLayer} for which applies where.
 */
public final class KerasKernels {

    private KerasKernels() {
    }

    /** Conv2D kernel (kh,kw,in,out) to DJL (out,in,kh,kw); also a pointwise kernel. */
    public static NDArray convFromKeras(NDArray kernel) {
        return kernel.transpose(3, 2, 0, 1);
    }

    /** DJL conv weight (out,in,kh,kw) to Keras (kh,kw,in,out). */
    public static NDArray convToKeras(NDArray weight) {
        return weight.transpose(2, 3, 1, 0);
    }

    /** Depthwise kernel (kh,kw,in,1) to DJL grouped-conv weight (in,1,kh,kw). */
    public static NDArray depthwiseFromKeras(NDArray kernel) {
        return kernel.transpose(2, 3, 0, 1);
    }

    /** DJL depthwise weight (in,1,kh,kw) to Keras (kh,kw,in,1). */
    public static NDArray depthwiseToKeras(NDArray weight) {
        return weight.transpose(2, 3, 0, 1);
    }

    /**
     * Dense kernel (in,units) to DJL Linear weight (units,in). When {@code flattenedChw} is not null the
     * input is a Keras Flatten of an (H,W,C) map and the rows are reordered to the (C,H,W) flatten of
     * this channels-first network.
     */
    public static NDArray denseFromKeras(NDArray kernel, Shape flattenedChw) {
        if (flattenedChw == null) {
            return kernel.transpose();
        }
        long units = kernel.getShape().get(1);
        long[] chw = flattenedChw.getShape();
        // rows are (h,w,c) row-major in Keras: bring them to (c,h,w)
        return kernel.reshape(chw[1], chw[2], chw[0], units).transpose(3, 2, 0, 1).reshape(units, flattenedChw.size());
    }

    /** Inverse of {@link #denseFromKeras}: DJL (units,in) to a Keras kernel (in,units). */
    public static NDArray denseToKeras(NDArray weight, Shape flattenedChw) {
        if (flattenedChw == null) {
            return weight.transpose();
        }
        long units = weight.getShape().get(0);
        return weight.reshape(new Shape(units).addAll(flattenedChw)).transpose(2, 3, 1, 0)
                .reshape(flattenedChw.size(), units);
    }
}
