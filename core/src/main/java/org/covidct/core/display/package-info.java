/**
 * Pictures of slices for people: display windows (window/level to 8-bit), montages of a series, the COVID-CTset
 * authors' Visualize output (slice divided by its maximum, as a float32 TIFF) and windowed PNGs.
 *
 * <p>May depend on the root package, io, image and tiff (TIFF bytes come from the codec).
 */
package org.covidct.core.display;
