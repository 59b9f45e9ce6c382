/**
 * The whole experiment in one command: data (phantoms or a COVID-CTset copy), split, training,
 * evaluation, patient-level validation, reports and the index page.
 *
 * <p>May depend on: {@code app.detect}, {@code app.validate}, {@code app.report}, {@code app.io}, {@code nn},
 * {@code core}.
 */
package org.covidct.app.demo;
