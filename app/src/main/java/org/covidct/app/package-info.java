/**
 * The {@code covidct} command line: {@link org.covidct.app.Main} and the commands that have no package of
 * their own (convert, select, split, synth, visualize, montage, detect, gradcam, validate-patients, demo).
 *
 * <p>May depend on: every {@code app} package, {@code nn}, {@code core}; nothing depends on it but the
 * launcher.
 */
package org.covidct.app;
