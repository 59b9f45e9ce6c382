/**
 * The series model: a {@link org.covidct.core.series.Series} (one sweep of the chest) of
 * {@link org.covidct.core.series.SliceSource}s located but not yet decoded. Selection and detection work on this
 * model whatever the file format.
 *
 * <p>May depend on the root package and image only; the loaders that build series from files live in
 * {@code load}, above the codecs.
 */
package org.covidct.core.series;
