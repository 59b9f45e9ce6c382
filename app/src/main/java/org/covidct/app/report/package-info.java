/**
 * What a person reads: the patient report (HTML), its images and charts, and the one ROC chart
 * ({@link org.covidct.app.report.RocPlot}, PNG or SVG).
 *
 * <p>May depend on: {@code app.detect}, {@code app.io}, {@code nn.explain}, {@code core}, XChart.
 */
package org.covidct.app.report;
