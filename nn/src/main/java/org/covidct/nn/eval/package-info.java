/**
 * Image-level evaluation of a trained model on a fold's test slices: the paper's columns, ROC and
 * predictions.
 *
 * <p>May depend on: {@code nn.infer}, {@code nn.data}, {@code nn.train} (a fold's data), {@code nn.run},
 * {@code nn.model}, {@code core}, DJL.
 */
package org.covidct.nn.eval;
