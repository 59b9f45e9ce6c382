/**
 * Training one fold with the paper's recipe: Nadam, the training loop, checkpoints and resume, BatchNorm
 * recalibration, the job behind {@code covidct train}.
 *
 * <p>May depend on: {@code nn.model}, {@code nn.run}, {@code nn.data}, {@code core}, DJL.
 */
package org.covidct.nn.train;
