package org.covidct.nn.model;

import ai.djl.ndarray.types.Shape;
import ai.djl.nn.Parameter;
import java.util.List;

/**
 * One Keras layer of a network and the DJL parameters that hold its weights, in the order Keras
 * stores them in HDF5, so an importer can map {@code model_weights/<name>/...} by name.
 *
 * <p>Layouts (Keras, channels-last, on the left; DJL on the right):
 * <ul>
 *   <li>{@link Kind#CONV2D}: [kernel (kh,kw,in,out) -> weight (out,in,kh,kw): transpose(3,2,0,1);
 *       bias (out) when the layer has one].</li>
 *   <li>{@link Kind#SEPARABLE_CONV2D}: [depthwise_kernel (kh,kw,in,1) -> (in,1,kh,kw): transpose(2,3,0,1);
 *       pointwise_kernel (1,1,in,out) -> (out,in,1,1): transpose(3,2,0,1)]; no bias.</li>
 *   <li>{@link Kind#BATCH_NORM}: [gamma, beta, moving_mean, moving_variance], all (channels), unchanged.</li>
 *   <li>{@link Kind#DENSE}: [kernel (in,units) -> weight (units,in): transpose; bias (units)].</li>
 *   <li>{@link Kind#DENSE_AFTER_FLATTEN}: as DENSE, but the input is a flattened feature map: Keras
 *       flattens (H,W,C), this network flattens (C,H,W) ({@link #flattenedShape()} gives (C,H,W)), so
 *       the kernel's rows must also be permuted: {@code nn.keras.LayoutConversions.denseToLinear} does both.</li>
 * </ul>
 *
 * @param name           the Keras layer name (e.g. {@code conv2_block1_preact_bn}, {@code C5_reduced})
 * @param kind           how the weights are laid out
 * @param parameters     the DJL parameters, in Keras weight order
 * @param flattenedShape for {@link Kind#DENSE_AFTER_FLATTEN}: the (C,H,W) shape that was flattened; else null
 */
public record KerasLayer(String name, Kind kind, List<Parameter> parameters, Shape flattenedShape) {

    /** The layer types that carry weights in these networks. */
    public enum Kind { CONV2D, SEPARABLE_CONV2D, BATCH_NORM, DENSE, DENSE_AFTER_FLATTEN }

    /** Number of scalar weights, counted as Keras counts them (BatchNorm moving statistics included). */
    public long parameterCount() {
        return parameters.stream().mapToLong(p -> p.getArray().size()).sum();
    }
}
