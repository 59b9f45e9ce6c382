package org.covidct.nn.keras;

import ai.djl.nn.convolutional.Convolution;
import ai.djl.nn.core.Linear;
import ai.djl.nn.norm.BatchNorm;

/**
 * One of our weighted layers and the Keras layer it corresponds to.
 *
 * @param kind        which conversion applies
 * @param blockPath   our path in the block tree (for reports)
 * @param kerasName   the Keras layer name (for a dense head: the name it is exported under)
 * @param conv        CONV: the convolution; SEPARABLE_CONV: the depthwise (grouped) convolution
 * @param pointwise   SEPARABLE_CONV: the 1x1 convolution; otherwise null
 * @param batchNorm   BATCH_NORM: the block; otherwise null
 * @param linear      DENSE: the block; otherwise null
 * @param dense       DENSE: where its input comes from; otherwise null
 * @param backbone    true when ImageNet backbone files are expected to hold this layer
 * @param firstConv   true for the convolution reading the input image (three channels in ImageNet files)
 */
public record KerasBinding(Kind kind, String blockPath, String kerasName, Convolution conv, Convolution pointwise,
                           BatchNorm batchNorm, Linear linear, DenseInput dense, boolean backbone, boolean firstConv) {

    /** The Keras layer classes we convert. */
    public enum Kind {
        CONV("Conv2D"),
        SEPARABLE_CONV("SeparableConv2D"),
        BATCH_NORM("BatchNormalization"),
        DENSE("Dense");

        private final String kerasClass;

        Kind(String kerasClass) {
            this.kerasClass = kerasClass;
        }

        public String kerasClass() {
            return kerasClass;
        }
    }

    /**
     * Where a dense layer's input comes from, for matching auto-named Keras dense layers and for
     * permuting the kernel rows.
     *
     * @param source the Keras layer whose output is flattened ("P3"), or null when the input is a
     *               concatenation of other dense outputs or anything not flattened
     * @param chw    (channels, height, width) of the flattened feature map, or null when not flattened
     * @param order  position among the model's dense layers in Keras creation order (0 = first)
     */
    public record DenseInput(String source, int[] chw, int order) {
    }
}
