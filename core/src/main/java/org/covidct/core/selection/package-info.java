/**
 * Choosing the slices of a series where the lung is open, as the COVID-CTset authors did
 * ({@link org.covidct.core.selection.ReferenceSelector}), or with a rule that follows the lung
 * ({@link org.covidct.core.selection.LungAwareSelector}).
 *
 * <p>May depend on the root package, image and series; series are handed in, never loaded here.
 */
package org.covidct.core.selection;
