/**
 * The COVID-CTset dataset on disk as files and tables: class labels, flat and full layouts, fold CSVs, split
 * folders and Patient_details.csv.
 *
 * <p>May depend on the root package and io; it reads names and tables, never pixels.
 */
package org.covidct.core.dataset;
