/**
 * Keras 2 HDF5 files: reading model and weights files, mapping their layers onto a network by name
 * ({@link org.covidct.nn.keras.NetworkKerasMapping}, with the architecture's spec for what names cannot say),
 * importing into and exporting from a RUN_DIR.
 *
 * <p>May depend on: {@code nn.model}, {@code nn.run}, {@code core}, DJL, jHDF.
 */
package org.covidct.nn.keras;
