package org.covidct.app.options;

import org.covidct.app.detect.DetectionSettings;
import org.covidct.app.detect.SeriesSource;
import org.covidct.core.decision.PatientRule;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/**
 * The fully automated pipeline's options on a person's series (detect, validate-patients): which series, the
 * selection, the patient rule and the inference batch.
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

    @Option(names = "--batch", defaultValue = "4", paramLabel = "B",
            description = "Slices per forward pass (default ${DEFAULT-VALUE}).")
    int batch;

    public String series() {
        return series;
    }

    /**
     * Selection, patient rule and batch as given: a one-line error for a fraction outside 0..1 or a batch below 1.
     */
    public DetectionSettings settings() {
        return new DetectionSettings(selection.selector(), !noSelection, PatientRule.of(fraction), batch);
    }
}
