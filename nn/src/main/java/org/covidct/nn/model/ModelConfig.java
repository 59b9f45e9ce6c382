package org.covidct.nn.model;

import java.util.Locale;
import org.covidct.core.CovidctException;

/**
 * What defines a network's shape: the architecture, the square input size in pixels and a width
 * multiplier applied to every layer's channel count (1 is the published network; 0.125 or 0.25 give
 * CPU-sized networks for tests and demos).
 *
 * <p>The constructor rejects sizes the architecture cannot take with a one-line {@link CovidctException}.
 */
public record ModelConfig(Architecture architecture, int inputSize, double widthMultiplier) {

    /** The paper's input: 512 x 512 slices. */
    public static final int DEFAULT_INPUT_SIZE = 512;
    /** Larger inputs than this are refused: they cannot be meant, and would exhaust memory. */
    public static final int MAX_INPUT_SIZE = 4096;

    public ModelConfig {
        if (architecture == null) {
            throw new CovidctException("no architecture given");
        }
        if (!(widthMultiplier > 0 && widthMultiplier <= 4)) {
            throw new CovidctException("width multiplier " + widthMultiplier + " is out of range: expected a value in (0, 4]");
        }
        int smallest = architecture.spec().smallestInputSize();
        if (inputSize < smallest || inputSize > MAX_INPUT_SIZE) {
            throw new CovidctException(String.format(Locale.ROOT,
                    "input size %d is not possible for %s: expected %d to %d pixels%s",
                    inputSize, architecture.cliName(), smallest, MAX_INPUT_SIZE,
                    inputSize < smallest ? architecture.spec().smallSizeNote() : ""));
        }
    }

    /** The published network: input 512, width 1. */
    public static ModelConfig of(Architecture architecture) {
        return new ModelConfig(architecture, DEFAULT_INPUT_SIZE, 1.0);
    }

    /** A layer's channel count under the width multiplier (never below 1). */
    public int channels(int publishedChannels) {
        return Math.max(1, (int) Math.round(publishedChannels * widthMultiplier));
    }
}
