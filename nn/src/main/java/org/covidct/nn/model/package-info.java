/**
 * The three networks of the COVID-CTset paper as DJL blocks, and all that is specific to each: one
 * {@link org.covidct.nn.model.NetworkSpec} per {@link org.covidct.nn.model.Architecture} (build, input sizes,
 * Grad-CAM layers, Keras specifics), the blocks whose forward pass is written once against {@code LayerOps}
 * (training and Grad-CAM run it through the DJL blocks, inference with the algebra folded:
 * {@link org.covidct.nn.model.FoldedNetwork}), Keras layer names and kernel layouts, TensorFlow padding rules.
 *
 * <p>May depend on: DJL and {@code org.covidct.core} (for {@code CovidctException}) only; every other nn package
 * builds on this one.
 */
package org.covidct.nn.model;
