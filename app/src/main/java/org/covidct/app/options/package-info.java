/**
 * The picocli options shared by several commands, declared once each so that one option has one
 * meaning and one description everywhere: {@code --arch} (an architecture) and {@code --model} (a trained
 * RUN_DIR), the network shape, folds, selection and patient rule, seed, threads, output.
 *
 * <p>May depend on: {@code app.detect} (the settings records options become), {@code nn}, {@code core},
 * picocli; not on any command.
 */
package org.covidct.app.options;
