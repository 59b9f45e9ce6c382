package org.covidct.app.options;

import java.nio.file.Path;
import picocli.CommandLine.Option;

/** {@code --model RUN_DIR}: the trained model a command uses (detect, gradcam). */
public final class RunDirOption {

    static final String DESCRIPTION = "Trained model folder (RUN_DIR: run.json and weights, as train, init-model "
            + "and import-keras write it).";

    @Option(names = "--model", required = true, paramLabel = "RUN_DIR", description = DESCRIPTION)
    Path model;

    public Path runDir() {
        return model;
    }
}
