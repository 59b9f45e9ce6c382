/**
 * Synthetic findings drawn into the lungs of a slice, real or synthetic, with the mask of what was drawn: the
 * COVID-19 pattern (ground glass with vessels visible through it, crazy paving, consolidation; peripheral,
 * posterior, often several and on both sides), the look-alikes a detector must not call COVID (dependent density,
 * atelectasis bands) and a bacterial pneumonia (lobar consolidation with air bronchograms). Inserting findings
 * into the same person's clean slices is what lets a network learn the finding rather than the person.
 *
 * <p>May depend on the root package, {@code image} and {@code lung}.
 */
package org.covidct.core.lesion;
