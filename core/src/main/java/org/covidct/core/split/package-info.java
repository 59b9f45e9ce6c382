/**
 * Patient-wise k-fold splits of a dataset and their checks (no patient in two parts of a fold).
 *
 * <p>May depend on the root package and dataset.
 */
package org.covidct.core.split;
