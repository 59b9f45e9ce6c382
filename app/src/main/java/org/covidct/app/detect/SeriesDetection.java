package org.covidct.app.detect;

import org.covidct.core.decision.DecisionPolicy;
import org.covidct.core.decision.PatientDecision;
import org.covidct.core.decision.PatientRule;
import org.covidct.core.lung.LungCoverage;

import java.nio.file.Path;
import java.util.List;

/**
 * The analysis of one series: per-slice results in sweep order, the selection threshold, the patient
 * decision, the input warnings, what the headers say of the study and how far the series covers the lungs.
 *
 * @param coverage lung area of sampled slices and whether the series spans the lungs (null when not measured)
 */
public record SeriesDetection(String series, Path source, double selectionThreshold, List<SliceResult> slices,
                              DecisionPolicy policy, PatientDecision decision, List<String> warnings, ModelSummary model,
                              boolean selectionApplied, StudyDetails study, LungCoverage coverage) {

    public SeriesDetection {
        slices = List.copyOf(slices);
        warnings = List.copyOf(warnings);
    }

    /** The patient rule the policy applies. */
    public PatientRule rule() {
        return policy.rule();
    }

    public int keptCount() {
        return (int) slices.stream().filter(SliceResult::kept).count();
    }

    public int covidCount() {
        return (int) slices.stream().filter(SliceResult::calledCovid).count();
    }
}
