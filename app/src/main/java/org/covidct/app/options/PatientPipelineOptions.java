package org.covidct.app.options;

import org.covidct.app.detect.DetectionSettings;
import org.covidct.app.detect.SeriesSource;
import org.covidct.core.decision.DecisionPolicy;
import org.covidct.core.decision.PatientRule;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/**
 * The fully automated pipeline's options on a person's series (detect, validate-patients): which series, the
 * selection, the patient rule and when a series stays undecided, the inference batch, and whether an unvalidated
 * model is accepted.
 */
public final class PatientPipelineOptions {

    @Option(names = "--series", defaultValue = SeriesSource.DEFAULT_SERIES, paramLabel = "SR_k",
            description = "Series analysed in a patient folder (default ${DEFAULT-VALUE}, as the paper).")
    String series;

    @Mixin
    SelectionOptions selection;

    @Option(names = "--no-selection", description = "Classify every slice, not only those with the lung open.")
    boolean noSelection;

    @Option(names = "--covid-fraction", defaultValue = "0.10", paramLabel = "F",
            description = "Fraction of kept slices classified COVID that makes the person COVID (default "
                    + "${DEFAULT-VALUE}, the paper's).")
    String fraction;

    @Option(names = "--undecided-band", defaultValue = "0.02", paramLabel = "W",
            description = "Undecided when the COVID fraction lies strictly within W of --covid-fraction (default "
                    + "${DEFAULT-VALUE}: 8%%-12%% at 10%%, where one or two slices flip the verdict; 0: no band).")
    String band;

    @Option(names = "--min-kept", defaultValue = "10", paramLabel = "N",
            description = "Undecided with fewer kept slices (default ${DEFAULT-VALUE}: below, one slice is more "
                    + "than 10%% of the evidence).")
    int minKept;

    @Option(names = "--batch", defaultValue = "4", paramLabel = "B",
            description = "Slices per forward pass (default ${DEFAULT-VALUE}).")
    int batch;

    @Mixin
    AllowUnvalidatedOption allowUnvalidated;

    public String series() {
        return series;
    }

    /**
     * Selection, decision policy, batch and acceptance of unvalidated models as given: a one-line error for a
     * fraction outside 0..1, a band outside 0..0.5, a minimum below 1 or a batch below 1.
     */
    public DetectionSettings settings() {
        DecisionPolicy policy = new DecisionPolicy(PatientRule.of(fraction), DecisionPolicy.band(band), minKept);
        return new DetectionSettings(selection.selector(), !noSelection, policy, batch,
                allowUnvalidated.allowUnvalidated());
    }
}
