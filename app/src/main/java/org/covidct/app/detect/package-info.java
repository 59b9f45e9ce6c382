/**
 * The fully automated pipeline on one series: finding the series, selection, classification in
 * batches, the input checks (values, orientation, coverage of the lungs), the decision (covid, normal or undecided
 * with its reason), the gate that refuses models without validation ({@link org.covidct.app.detect.ModelGate}), and
 * the files {@code detect} writes.
 *
 * <p>May depend on: {@code nn} (inference, Grad-CAM, tensors), {@code core}; not on other {@code app}
 * packages.
 */
package org.covidct.app.detect;
