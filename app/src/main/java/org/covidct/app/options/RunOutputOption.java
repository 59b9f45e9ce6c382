package org.covidct.app.options;

import java.nio.file.Path;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** {@code --out RUN_DIR}: where a command that makes a model writes it (train, init-model, import-keras). */
public final class RunOutputOption {

    @Spec(Spec.Target.MIXEE)
    CommandSpec mixee;

    @Option(names = "--out", required = true, paramLabel = "RUN_DIR", description = "Output model directory.")
    Path out;

    public Path runDir() {
        return out;
    }

    /** The command line as run.json records it ({@code created_by}): "covidct COMMAND ARGS...". */
    public String createdBy() {
        return "covidct " + mixee.qualifiedName(" ").replaceFirst("^\\S+ ", "") + " "
                + String.join(" ", mixee.commandLine().getParseResult().originalArgs());
    }
}
