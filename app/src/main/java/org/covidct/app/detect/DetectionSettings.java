package org.covidct.app.detect;

import org.covidct.core.CovidctException;
import org.covidct.core.decision.DecisionPolicy;
import org.covidct.core.decision.PatientRule;
import org.covidct.core.selection.ReferenceSelector;
import org.covidct.core.selection.SliceSelector;

import java.util.Objects;

/**
 * How the fully automated pipeline treats a series: the stage-one rule, whether it selects at all, the decision
 * policy (the patient rule, its undecided band and minimum of kept slices), the slices per forward pass, and whether
 * a model without validation is accepted. One record for detect, validate-patients, the demo's reports and the
 * server.
 *
 * @param selector         the selection rule (the paper's: {@link ReferenceSelector})
 * @param selection        whether stage one selects slices (false: every slice is classified)
 * @param policy           the patient rule and when a series stays undecided
 * @param batchSize        slices per forward pass (at least 1)
 * @param allowUnvalidated accept a model whose card holds no validation (then every output warns)
 */
public record DetectionSettings(SliceSelector selector, boolean selection, DecisionPolicy policy, int batchSize,
                                boolean allowUnvalidated) {

    public DetectionSettings {
        Objects.requireNonNull(selector);
        Objects.requireNonNull(policy);
        if (batchSize < 1) {
            throw new CovidctException("--batch must be at least 1");
        }
    }

    /** The patient rule of the policy. */
    public PatientRule rule() {
        return policy.rule();
    }

    /**
     * The paper's selection and 10% rule with detect's defaults around it (the undecided band and minimum of
     * {@link DecisionPolicy#of}); 4 slices per forward pass; validated models only.
     */
    public static DetectionSettings paper() {
        return new DetectionSettings(new ReferenceSelector(), true, DecisionPolicy.of(PatientRule.paper()), 4, false);
    }

    /** The same settings accepting (or not) a model without validation. */
    public DetectionSettings withAllowUnvalidated(boolean allow) {
        return new DetectionSettings(selector, selection, policy, batchSize, allow);
    }
}
