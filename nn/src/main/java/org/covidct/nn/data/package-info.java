/**
 * Slices as network input: decoding at the model's size ({@link org.covidct.nn.data.SliceDecoder}), the
 * one place tensors are built ({@link org.covidct.nn.data.SliceTensors}), the paper's augmentation and batch loading
 * for training and evaluation.
 *
 * <p>May depend on: {@code core} (slices, datasets) and DJL; not on any other nn package.
 */
package org.covidct.nn.data;
