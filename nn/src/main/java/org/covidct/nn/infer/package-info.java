/**
 * Classification of slices with a trained RUN_DIR ({@link org.covidct.nn.infer.SliceClassifier}), by
 * default on the folded fast path ({@link org.covidct.nn.infer.FastClassifier}) in a chosen
 * {@link org.covidct.nn.infer.Precision}; what the CPU offers.
 *
 * <p>May depend on: {@code nn.model}, {@code nn.run}, {@code nn.data}, {@code core}, DJL.
 */
package org.covidct.nn.infer;
