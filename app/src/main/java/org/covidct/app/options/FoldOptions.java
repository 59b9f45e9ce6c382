package org.covidct.app.options;

import java.nio.file.Path;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Spec;

/** {@code --fold K} and {@code --split DIR}: which fold of a patient-wise split, and where its CSVs are. */
public final class FoldOptions {

    @Spec(Spec.Target.MIXEE)
    CommandSpec mixee;

    @Option(names = "--fold", paramLabel = "K", description = "Fold K of the split (1-based).")
    Integer fold;

    @Option(names = "--split", paramLabel = "DIR",
            description = "Folder of the fold CSVs (train{K}, validation{K}, test{K}.csv; default: --data).")
    Path split;

    /** The fold given, or null. */
    public Integer optional() {
        return fold;
    }

    /** The fold; a usage error when it was not given. */
    public int required() {
        if (fold == null) {
            throw new ParameterException(mixee.commandLine(), "Missing required option: '--fold=K'");
        }
        return fold;
    }

    /** The --split folder as given (null: the fold CSVs are in the data folder). */
    public Path split() {
        return split;
    }

    /** The folder holding the fold CSVs: --split, else {@code data}. */
    public Path splitDir(Path data) {
        return split == null ? data : split;
    }
}
