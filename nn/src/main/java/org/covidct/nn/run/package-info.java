/**
 * The RUN_DIR format: {@code run.json} (manifest), the weights with their SHA-256, and writing an
 * initialised network as a RUN_DIR.
 *
 * <p>May depend on: {@code nn.model}, {@code core}, DJL, Jackson.
 */
package org.covidct.nn.run;
