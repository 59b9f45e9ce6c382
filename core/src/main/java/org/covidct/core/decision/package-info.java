/**
 * The paper's patient-level rule (a person is COVID when a fraction of their kept slices is), the policy around it
 * that leaves a series undecided when the input cannot carry a verdict ({@link
 * org.covidct.core.decision.DecisionPolicy}, {@link org.covidct.core.decision.UndecidedReason}), and the counts and
 * threshold sweep.
 *
 * <p>May depend on the root package only: it counts verdicts, whoever produced them.
 */
package org.covidct.core.decision;
