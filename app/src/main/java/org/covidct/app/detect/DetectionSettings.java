package org.covidct.app.detect;

import org.covidct.core.CovidctException;
import org.covidct.core.decision.PatientRule;
import org.covidct.core.selection.ReferenceSelector;
import org.covidct.core.selection.SliceSelector;

/**
 * How the fully automated pipeline treats a series: the stage-one rule, whether it selects at all, the patient
 * rule and the slices per forward pass. One record for detect, validate-patients and the demo's reports.
 *
 * @param selector  the selection rule (the paper's: {@link ReferenceSelector})
 * @param selection whether stage one selects slices (false: every slice is classified)
 * @param rule      the patient rule (the paper's: COVID when 10% of the kept slices are)
 * @param batchSize slices per forward pass (at least 1)
 */
public record DetectionSettings(SliceSelector selector, boolean selection, PatientRule rule, int batchSize) {

    public DetectionSettings {
        if (batchSize < 1) {
            throw new CovidctException("--batch must be at least 1");
        }
    }

    /** The paper's protocol: reference selection, the 10% rule; 4 slices per forward pass. */
    public static DetectionSettings paper() {
        return new DetectionSettings(new ReferenceSelector(), true, PatientRule.paper(), 4);
    }
}
