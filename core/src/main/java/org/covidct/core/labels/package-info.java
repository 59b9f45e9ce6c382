/**
 * Radiologists' labels of real CT series and the scores of a detector against them: which slices show
 * infection and in which lobes (the per-slice and per-lobe labels of COVID-CT-MD), the slice-level ROC over the
 * kept slices, sensitivity and specificity at the operating point, how many infected slices the selection keeps,
 * and how often a Grad-CAM map points into a lung the radiologists marked.
 *
 * <p>May depend on the root package, {@code io} (CSV reading), {@code metrics} and {@code dataset} (the ROC of
 * the COVID class) and {@code lung} (the two lungs): it scores numbers that others produced, it runs no model and reads no image.
 */
package org.covidct.core.labels;
