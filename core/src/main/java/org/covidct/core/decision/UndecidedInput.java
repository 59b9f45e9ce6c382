package org.covidct.core.decision;

import java.util.Objects;

/**
 * A property of the input that keeps a series from getting a verdict whatever its slices are called (found before
 * the rule counts anything: values, orientation, coverage of the lungs).
 *
 * @param cause the code
 * @param text  one sentence for people, with the numbers behind it
 */
public record UndecidedInput(UndecidedReason cause, String text) {
    public UndecidedInput {
        Objects.requireNonNull(cause);
        Objects.requireNonNull(text);
    }
}
