/**
 * The TIFF codec: reading 16-bit grayscale slices whole, by region or as a dark-pixel count
 * ({@link org.covidct.core.tiff.TiffSlices}, with a lean strip decoder for the common layouts and ImageIO for
 * the rest), parsing the first directory, and writing LZW or float32 TIFFs.
 *
 * <p>May depend on the root package, io and image; never on series, load or anything above (a codec turns bytes
 * into CtSlice and back, nothing more).
 */
package org.covidct.core.tiff;
