package org.covidct.app;

import org.covidct.app.detect.SeriesSource;
import org.covidct.app.validate.FoldPatientValidation;
import org.covidct.app.validate.PaperPatientTable;
import org.covidct.core.CovidctException;
import org.covidct.core.dataset.FullLayout;
import org.covidct.core.dataset.SplitDirectory;
import org.covidct.core.decision.PatientCounts;
import org.covidct.core.decision.PatientRule;
import org.covidct.core.io.AtomicFiles;
import org.covidct.core.selection.Selectors;
import org.covidct.nn.run.RunDir;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Callable;

/** {@code covidct validate-patients}: the paper's fully automated, patient-level validation of a fold. */
@Command(name = "validate-patients", mixinStandardHelpOptions = true, sortOptions = false,
        description = {"Patient-level validation as in the paper: for each test patient of the fold (keyed by patient "
                + "ID), the SR_2 series goes through selection, classification and the patient rule.",
                "Writes DIR/fold{K}.csv (model_name,fold_num,fraction,patients,tp,fp,ctp,cfp,ntp,nfp,undecided,"
                        + "misidentified) and DIR/fold{K}_patients.csv; --sweep adds the fraction sweep, patient ROC "
                        + "and AUC, and the operating point chosen on the fold's validation patients."})
public final class ValidatePatientsCommand implements Callable<Integer> {

    @Option(names = "--model", required = true, paramLabel = "RUN_DIR",
            description = "Trained model; with --all-folds a folder of fold{K} models, or a path containing {k}.")
    String model;

    @Option(names = "--data", required = true, paramLabel = "FULL_LAYOUT_DIR",
            description = "Full layout: <group>/<patientN>/<SR_k>/IM*.tif.")
    Path data;

    @Option(names = "--fold", paramLabel = "K", description = "Fold to validate (required without --all-folds).")
    Integer fold;

    @Option(names = "--split", paramLabel = "DIR", description = "Folder of the fold CSVs (default: --data).")
    Path split;

    @Option(names = "--out", required = true, paramLabel = "DIR", description = "Output folder.")
    Path out;

    @Option(names = "--sweep", description = "Sweep the COVID fraction 0..1: patient ROC, AUC, operating point.")
    boolean sweep;

    @Option(names = "--all-folds", description = "Every fold of the split, and their average as the paper's table.")
    boolean allFolds;

    @Option(names = "--covid-fraction", defaultValue = "0.10", paramLabel = "F",
            description = "Patient rule fraction (default ${DEFAULT-VALUE}).")
    String fraction;

    @Option(names = "--series", defaultValue = SeriesSource.DEFAULT_SERIES, paramLabel = "SR_k",
            description = "Series analysed per patient (default ${DEFAULT-VALUE}).")
    String series;

    @Option(names = "--rule", defaultValue = "reference", paramLabel = "RULE",
            description = "Selection rule: reference (default) or lung-aware.")
    String rule;

    @Option(names = "--batch", defaultValue = "4", paramLabel = "B", description = "Slices per forward pass.")
    int batch;

    @Option(names = {"-q", "--quiet"}, description = "No progress output.")
    boolean quiet;

    @Spec
    CommandSpec spec;

    @Override
    public Integer call() {
        PrintWriter console = spec.commandLine().getOut();
        PrintWriter err = spec.commandLine().getErr();
        PatientRule patientRule = PatientRule.of(fraction);
        if (batch < 1) {
            throw new CovidctException("--batch must be at least 1");
        }
        Path splitDir = split == null ? data : split;
        List<Integer> folds;
        if (allFolds) {
            folds = SplitDirectory.open(splitDir).folds();
        } else if (fold == null) {
            throw new CovidctException("give --fold K, or --all-folds");
        } else {
            folds = List.of(fold);
        }
        List<Path> models = new ArrayList<>();
        for (int k : folds) {
            Path runDir = allFolds ? foldRunDir(k) : Path.of(model);
            RunDir.readManifest(runDir); // a missing or broken model fails before any slice is read
            models.add(runDir);
        }
        FullLayout layout = FullLayout.scan(data);
        List<FoldPatientValidation.Result> results = new ArrayList<>();
        for (int i = 0; i < folds.size(); i++) {
            int k = folds.get(i);
            FoldPatientValidation.Result r = FoldPatientValidation.run(models.get(i), layout, splitDir, k, series,
                    patientRule, Selectors.byName(rule), sweep, batch, out, quiet ? null : line -> {
                        err.println("  " + line);
                        err.flush();
                    });
            print(console, r);
            results.add(r);
        }
        if (allFolds) {
            String name = results.get(0).modelName();
            write(out.resolve("all_folds.csv"), PaperPatientTable.csv(name, results));
            String md = PaperPatientTable.markdown(name, results);
            write(out.resolve("all_folds.md"), md);
            console.println("average over " + results.size() + " folds:");
            console.print(md);
        }
        console.flush();
        return 0;
    }

    private static void print(PrintWriter console, FoldPatientValidation.Result r) {
        PatientCounts c = r.counts();
        console.printf(Locale.ROOT, "fold %d (%s): %d test patients, fraction %s: tp=%d fp=%d ctp=%d cfp=%d ntp=%d nfp=%d"
                        + " undecided=%d%n", r.fold(), r.modelName(), c.patients(), r.rule().fraction().toPlainString(),
                c.tp(), c.fp(), c.ctp(), c.cfp(), c.ntp(), c.nfp(), c.undecided());
        for (PatientCounts.Misidentified m : c.misidentified()) {
            console.printf(Locale.ROOT, "  misidentified: %s (%s) %s%n", m.patientId(), m.series(), m.error());
        }
        if (r.sweep() != null) {
            FoldPatientValidation.Sweep s = r.sweep();
            PatientCounts t = s.testAtChosen();
            console.printf(Locale.ROOT, "  patient AUC on test %.4f; fraction chosen on validation patients: %s "
                            + "(validation Youden %.3f) -> test tp=%d fp=%d ctp=%d cfp=%d ntp=%d nfp=%d%n", s.auc(),
                    s.chosenOnValidation().fraction().toPlainString(), s.chosenOnValidation().youden(), t.tp(), t.fp(),
                    t.ctp(), t.cfp(), t.ntp(), t.nfp());
        }
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

    private static void write(Path file, String content) {
        try {
            AtomicFiles.writeString(file, content);
        } catch (IOException e) {
            throw new CovidctException(file, "cannot write (" + e.getMessage() + ")", e);
        }
    }
}
