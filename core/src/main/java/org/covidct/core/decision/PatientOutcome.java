package org.covidct.core.decision;

import java.util.Objects;

/**
 * One validated patient: who, what they truly have, and what their kept slices said.
 *
 * @param patientId        the patient ID (the key of Patient_details.csv)
 * @param trulyCovid       ground truth (the patient's class)
 * @param series           the series analysed, for the report (for example {@code normal1/patient12/SR_2})
 * @param keptSlices       slices kept by the selection
 * @param covidKeptSlices  of those, slices classified COVID
 * @param input            what in the input ruled a verdict out (null when nothing did)
 */
public record PatientOutcome(String patientId, boolean trulyCovid, String series, int keptSlices,
                             int covidKeptSlices, UndecidedInput input) {

    /** An outcome whose input raised no objection. */
    public PatientOutcome(String patientId, boolean trulyCovid, String series, int keptSlices, int covidKeptSlices) {
        this(patientId, trulyCovid, series, keptSlices, covidKeptSlices, null);
    }

    public PatientOutcome {
        Objects.requireNonNull(patientId);
        if (keptSlices < 0 || covidKeptSlices < 0 || covidKeptSlices > keptSlices) {
            throw new IllegalArgumentException(patientId + ": counts out of range: kept=" + keptSlices
                    + " covid=" + covidKeptSlices);
        }
    }

    /** The paper's rule on the counts alone (what the fraction sweep and the ROC count). */
    public PatientDecision decide(PatientRule rule) {
        return rule.decide(keptSlices, covidKeptSlices);
    }

    /** The policy on the counts and the input (what detect decides). */
    public PatientDecision decide(DecisionPolicy policy) {
        return policy.decide(keptSlices, covidKeptSlices, input);
    }

    /** Share of kept slices called COVID, the patient-level score the rule thresholds; NaN when none kept. */
    public double covidShare() {
        return keptSlices == 0 ? Double.NaN : covidKeptSlices / (double) keptSlices;
    }
}
