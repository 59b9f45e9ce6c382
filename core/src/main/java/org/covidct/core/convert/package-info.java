/**
 * Converting a tree of DICOM files into the COVID-CTset layout without keeping anything that identifies a
 * person: {@link org.covidct.core.convert.DicomConverter} (options and the run) reads headers
 * ({@code SourceScan}), {@link org.covidct.core.convert.ConversionPlan} decides from headers alone what is
 * written where and under which alias, and {@code ConversionWriter} writes it (staging folders, TIFFs, atomic
 * moves, progress).
 *
 * <p>May depend on the root package, io, image, series, tiff, dicom and load.
 */
package org.covidct.core.convert;
