/**
 * Image-level metrics as the published COVID-CTset code counts them, confusion matrices, ROC curves and their
 * CSV files.
 *
 * <p>May depend on the root package, io and dataset.
 */
package org.covidct.core.metrics;
