package org.covidct.app.options;

import picocli.CommandLine.Option;

/**
 * {@code --allow-unvalidated}: use a model whose card holds no validation (an untrained model, an import without a
 * card) anyway; every output then says so (detect, validate-patients, gradcam; serve passes the same flag on).
 */
public final class AllowUnvalidatedOption {

    public static final String DESCRIPTION = "Use a model whose card holds no validation metrics or real-CT scores "
            + "(an untrained model, an import without a card) anyway; every output then carries a warning. Without "
            + "it such a model is refused.";

    @Option(names = "--allow-unvalidated", description = DESCRIPTION)
    boolean allow;

    public boolean allowUnvalidated() {
        return allow;
    }
}
