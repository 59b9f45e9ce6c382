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

    /**
     * The command line as run.json records it ({@code created_by}): "covidct COMMAND ARGS...", the command word once
     * (the parse result's original arguments start with it when the whole CLI parsed them).
     */
    public String createdBy() {
        java.util.List<String> args = mixee.commandLine().getParseResult().originalArgs();
        String command = mixee.qualifiedName(" ").replaceFirst("^\\S+ ", "");
        boolean named = !args.isEmpty() && args.get(0).equals(mixee.name());
        return "covidct " + (named ? "" : command + " ") + String.join(" ", args);
    }
}
