/**
 * Opening CT data from disk whatever its format: {@link org.covidct.core.load.SeriesLoader} picks TIFF or DICOM
 * by file content, {@link org.covidct.core.load.TiffSeries} and {@link org.covidct.core.load.DicomSeries} build
 * ordered series, {@link org.covidct.core.load.SeriesFolders} finds series folders in a tree and
 * {@link org.covidct.core.load.SliceFiles} reads one slice file.
 *
 * <p>May depend on the root package, image, series, tiff and dicom: it binds the codecs to the series model.
 */
package org.covidct.core.load;
