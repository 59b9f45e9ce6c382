/**
 * The paper's patient-level rule (a person is COVID when a fraction of their kept slices is) and its counts and
 * threshold sweep.
 *
 * <p>May depend on the root package only: it counts verdicts, whoever produced them.
 */
package org.covidct.core.decision;
