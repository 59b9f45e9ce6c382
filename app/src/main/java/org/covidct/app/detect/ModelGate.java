package org.covidct.app.detect;

import org.covidct.core.CovidctException;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * Whether a model may decide about people: one with no validation (untrained, or imported with no card) is refused
 * with one line unless the user accepts it ({@code --allow-unvalidated}); then every output says so. A model trained
 * only on synthetic data is accepted with a notice. The one check of detect, validate-patients, gradcam and the
 * server.
 */
public final class ModelGate {

    /** The notice of every output made with a model trained on synthetic data only. */
    public static final String SYNTHETIC_NOTICE = "research model trained on synthetic data, not a diagnosis";

    private ModelGate() {
    }

    /**
     * @param allowUnvalidated accept a model without validation
     * @return the warnings every output made with this model must carry (empty for a validated model)
     * @throws CovidctException (one line, exit 2) for a model without validation when not allowed
     */
    public static List<String> check(ModelSummary model, boolean allowUnvalidated) {
        List<String> warnings = new ArrayList<>();
        String reason = model.card().unvalidatedReason();
        if (reason != null) {
            if (!allowUnvalidated) {
                throw new CovidctException(Path.of(model.runDir()), "refused: " + reason
                        + " (covidct model-info --model " + model.runDir() + " shows its card); "
                        + "--allow-unvalidated runs it anyway, with a warning in every output");
            }
            warnings.add(unvalidatedWarning(reason));
        }
        return warnings;
    }

    /** The warning of outputs made with an unvalidated model that the user accepted. */
    public static String unvalidatedWarning(String reason) {
        return "Unvalidated model, accepted with --allow-unvalidated: " + reason
                + ". Its verdicts carry no evidence of accuracy.";
    }

    /** True when outputs need the synthetic-data notice. */
    public static boolean syntheticOnly(ModelSummary model) {
        return model.card().syntheticOnly();
    }
}
