package org.covidct.app.options;

import org.covidct.core.selection.Selectors;
import org.covidct.core.selection.SliceSelector;
import picocli.CommandLine.Option;

/** {@code --rule}: the stage-one rule that keeps the slices in which the lung is open (select, detect, ...). */
public final class SelectionOptions {

    @Option(names = "--rule", defaultValue = "reference", paramLabel = "RULE",
            description = "Selection rule: reference (default, the paper's) or lung-aware.")
    String rule;

    /** The rule's selector (a one-line error for an unknown name). */
    public SliceSelector selector() {
        return Selectors.byName(rule);
    }
}
