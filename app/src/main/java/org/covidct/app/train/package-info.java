/**
 * The {@code train} and {@code evaluate} commands: the console side of training (progress) and
 * evaluation (tables, the ROC chart).
 *
 * <p>May depend on: {@code app.options}, {@code app.report}, {@code app.io}, {@code nn}, {@code core}.
 */
package org.covidct.app.train;
