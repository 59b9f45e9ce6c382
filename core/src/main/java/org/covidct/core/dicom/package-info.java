/**
 * The DICOM Part-10 codec of the project: a stream parser with memory bounded by the image, headers
 * ({@link org.covidct.core.dicom.DicomHeader}) and the rules a header must meet before its pixels become values,
 * native (also deflated), RLE, JPEG and JPEG 2000 pixel decoding, conversion to the COVID-CTset values, the whitelist of non-identifying
 * attributes ({@link org.covidct.core.dicom.SeriesMetadata}) and a small writer for synthetic files.
 *
 * <p>May depend on the root package, io and image; never on series, load or anything above: grouping files into
 * series lives in {@code load}.
 */
package org.covidct.core.dicom;
