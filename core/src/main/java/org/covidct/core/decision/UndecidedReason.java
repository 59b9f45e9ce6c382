package org.covidct.core.decision;

/**
 * Why a series got no verdict: the input cannot carry one. The code is what {@code decision.json} writes under
 * {@code undecided_reason.code}; machines branch on it, people read the sentence beside it.
 */
public enum UndecidedReason {
    /** The selection kept no slice: the rule has nothing to count. */
    NO_KEPT_SLICE("no_kept_slice"),
    /** The series starts or ends where the lungs are still wide open (for example the apex only). */
    NOT_SPANNING_LUNGS("series_does_not_span_lungs"),
    /** Fewer kept slices than the policy's minimum: one slice would weigh too much. */
    TOO_FEW_KEPT_SLICES("too_few_kept_slices"),
    /** The images are not axial (a coronal or sagittal reformat, a localizer). */
    NOT_AXIAL("not_axial"),
    /** The stored values are not CT values in HU + 1024 (signed read as unsigned, 8-bit, offset). */
    VALUES_OUT_OF_RANGE("values_out_of_range"),
    /** No slice shows lung in the selection window: the kept slices mean nothing. */
    NO_LUNG_IN_WINDOW("no_lung_in_window"),
    /** The COVID fraction lies inside the band around the threshold: one or two slices would flip it. */
    NEAR_THRESHOLD("fraction_near_threshold");

    private final String code;

    UndecidedReason(String code) {
        this.code = code;
    }

    /** True for reasons found in the input itself (values, orientation, coverage), not in the counts. */
    public boolean isInputProblem() {
        return this == NOT_SPANNING_LUNGS || this == NOT_AXIAL || this == VALUES_OUT_OF_RANGE || this == NO_LUNG_IN_WINDOW;
    }

    /** The machine-readable code ({@code series_does_not_span_lungs}, ...). */
    public String code() {
        return code;
    }
}
