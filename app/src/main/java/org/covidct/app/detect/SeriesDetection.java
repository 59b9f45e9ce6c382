package org.covidct.app.detect;

import org.covidct.core.decision.PatientDecision;
import org.covidct.core.decision.PatientRule;

import java.nio.file.Path;
import java.util.List;

/**
 * The analysis of one series: per-slice results in sweep order, the selection threshold, the patient
 * decision and the input warnings.
 */
public record SeriesDetection(String series, Path source, double selectionThreshold, List<SliceResult> slices,
                              PatientRule rule, PatientDecision decision, List<String> warnings, ModelSummary model,
                              boolean selectionApplied) {

    public SeriesDetection {
        slices = List.copyOf(slices);
        warnings = List.copyOf(warnings);
    }

    public int keptCount() {
        return (int) slices.stream().filter(SliceResult::kept).count();
    }

    public int covidCount() {
        return (int) slices.stream().filter(SliceResult::calledCovid).count();
    }
}
