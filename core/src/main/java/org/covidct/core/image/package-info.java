/**
 * A decoded CT slice in the COVID-CTset value convention (unsigned 16-bit HU + 1024, row-major):
 * {@link org.covidct.core.image.CtSlice} and rectangular {@link org.covidct.core.image.Crops}. The value type
 * every reader produces and every algorithm consumes; it knows no file format.
 *
 * <p>May depend on the root package only.
 */
package org.covidct.core.image;
