/**
 * The fully automated pipeline on one series: finding the series, selection, classification in
 * batches, the patient rule, the input sanity checks, and the files {@code detect} writes.
 *
 * <p>May depend on: {@code nn} (inference, Grad-CAM, tensors), {@code core}; not on other {@code app}
 * packages.
 */
package org.covidct.app.detect;
