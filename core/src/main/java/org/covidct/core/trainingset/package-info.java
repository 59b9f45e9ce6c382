/**
 * Training sets that teach a network the finding rather than the person: every background slice (a real person's
 * clean slice, or a phantom's) appears both as a negative (untouched, or with look-alikes such as dependent
 * density) and as a positive (with synthetic COVID-19 lesions whose masks are written beside it), so a person's
 * identity predicts nothing; real infected slices join as positives. Written as a flat folder of 16-bit TIFF
 * slices with fold CSVs (the layout {@code covidct train} reads) and a {@code masks/} folder.
 *
 * <p>May depend on the root package and io, image, tiff, series, load, dicom, dataset, labels, lung, lesion and
 * phantom.
 */
package org.covidct.core.trainingset;
