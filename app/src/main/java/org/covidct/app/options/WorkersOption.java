package org.covidct.app.options;

import org.covidct.core.CovidctException;
import picocli.CommandLine.Option;

/** {@code --workers}: threads that decode (and in training augment) slices ahead of the network. */
public final class WorkersOption {

    @Option(names = "--workers", defaultValue = "2", paramLabel = "W",
            description = "Slice decoding (and augmentation) threads (default ${DEFAULT-VALUE}).")
    int workers;

    /** The count; a one-line error below 1. */
    public int workers() {
        if (workers < 1) {
            throw new CovidctException("--workers must be at least 1");
        }
        return workers;
    }
}
