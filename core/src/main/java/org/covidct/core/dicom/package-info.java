/**
 * The DICOM Part-10 codec of the project: a stream parser, headers ({@link org.covidct.core.dicom.DicomHeader}),
 * native, RLE and JPEG pixel decoding, conversion to the COVID-CTset values, the whitelist of non-identifying
 * attributes ({@link org.covidct.core.dicom.SeriesMetadata}) and a small writer for synthetic files.
 *
 * <p>May depend on the root package, io and image; never on series, load or anything above: grouping files into
 * series lives in {@code load}.
 */
package org.covidct.core.dicom;
