/**
 * Patient-level validation of a fold as in the paper: each test patient's series through the
 * pipeline, the paper's counts, the fraction sweep and its ROC.
 *
 * <p>May depend on: {@code app.detect}, {@code app.report}, {@code app.io}, {@code core}.
 */
package org.covidct.app.validate;
