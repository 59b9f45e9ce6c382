package org.covidct.app.options;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.covidct.core.CovidctException;
import org.covidct.core.dataset.SplitDirectory;
import org.covidct.nn.run.RunDir;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/**
 * A trained model per fold (evaluate, validate-patients): {@code --model RUN_DIR --fold K}, or
 * {@code --all-folds} with one model per fold of the split, since each fold's model has seen the other folds'
 * test patients.
 */
public final class FoldModelOptions {

    @Option(names = "--model", required = true, paramLabel = "RUN_DIR",
            description = "Trained model folder; with --all-folds, a folder of fold{K} models or a path containing {k}.")
    String model;

    @Mixin
    FoldOptions fold;

    @Option(names = "--all-folds", description = "Every fold of the split, each with its own model, and their average.")
    boolean allFolds;

    /** One fold and the model that evaluates it. */
    public record FoldModel(int fold, Path runDir) {
    }

    public boolean allFolds() {
        return allFolds;
    }

    /** The --split folder as given (null: the fold CSVs are in {@code data}). */
    public Path split() {
        return fold.split();
    }

    /** The folder holding the fold CSVs. */
    public Path splitDir(Path data) {
        return fold.splitDir(data);
    }

    /**
     * The folds to run with their models, every model's run.json checked first, so that a missing or broken
     * model fails before anything is read or written.
     */
    public List<FoldModel> resolve(Path data) {
        List<Integer> folds;
        if (allFolds) {
            folds = SplitDirectory.open(splitDir(data)).folds();
        } else if (fold.optional() == null) {
            throw new CovidctException("give --fold K, or --all-folds");
        } else {
            folds = List.of(fold.optional());
        }
        List<FoldModel> out = new ArrayList<>();
        for (int k : folds) {
            Path runDir = allFolds ? foldRunDir(k) : Path.of(model);
            RunDir.readManifest(runDir);
            out.add(new FoldModel(k, runDir));
        }
        return out;
    }

    private Path foldRunDir(int k) {
        if (model.contains("{k}")) {
            return Path.of(model.replace("{k}", Integer.toString(k)));
        }
        Path dir = Path.of(model).resolve("fold" + k);
        if (!Files.isDirectory(dir)) {
            throw new CovidctException(dir, "no model for fold " + k + " (--all-folds expects RUN_DIR/fold{K} or a"
                    + " --model path containing {k}: one model per fold, since each fold's model has seen the other"
                    + " folds' test patients)");
        }
        return dir;
    }
}
