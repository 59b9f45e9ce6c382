package org.covidct.app;

import org.covidct.core.CovidctException;
import org.covidct.core.dataset.FoldCsv;
import org.covidct.core.dataset.FoldSet;
import org.covidct.core.dataset.LabelledSlice;
import org.covidct.core.dataset.PatientDetails;
import org.covidct.core.dataset.SplitDirectory;
import org.covidct.core.io.AtomicFiles;
import org.covidct.core.split.FoldSplitter;
import org.covidct.core.split.FoldTable;
import org.covidct.core.split.SplitChecker;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Spec;

import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Callable;

/** {@code covidct split}: patient-wise folds from all.csv, or a check of an existing fold CSV set. */
@Command(name = "split", mixinStandardHelpOptions = true,
        description = {"Splits the slices of an index (all.csv) into patient-disjoint folds as the COVID-CTset paper "
                + "does (train{k}.csv, validation{k}.csv, test{k}.csv), or checks an existing set with --check.",
                "Exit status: 0 ok, 1 --check found problems, 2 bad input."},
        sortOptions = false)
public final class SplitCommand implements Callable<Integer> {

    /** Exit status of a check that found problems in the split (bad input stays 2). */
    public static final int CHECK_FAILED = 1;
    private static final int MAX_LISTED = 25;

    @Spec
    CommandSpec spec;

    @Option(names = "--index", paramLabel = "ALL.csv", description = "slices to split (filename,class)")
    Path index;

    @Option(names = "--patients", paramLabel = "Patient_details.csv",
            description = "patient list; every indexed patient must be in it with the same class")
    Path patients;

    @Option(names = "--out", paramLabel = "DIR", description = "folder for the fold CSVs and folds.md")
    Path out;

    @Option(names = "--folds", defaultValue = "5", description = "number of folds (default ${DEFAULT-VALUE})")
    int folds;

    @Option(names = "--seed", defaultValue = "1", description = "seed of every random draw (default ${DEFAULT-VALUE})")
    long seed;

    @Option(names = "--validation-fraction", defaultValue = "0.1", paramLabel = "F",
            description = "share of each class' fitting images moved to validation, by patient (default ${DEFAULT-VALUE})")
    double validationFraction;

    @Option(names = "--check", paramLabel = "DIR", description = "verify the fold CSVs of DIR instead of splitting")
    Path check;

    @Override
    public Integer call() {
        PrintWriter outWriter = spec.commandLine().getOut();
        if (check != null) {
            if (index != null || out != null || patients != null) {
                throw new ParameterException(spec.commandLine(), "--check takes no --index, --patients or --out");
            }
            return check(outWriter);
        }
        if (index == null || patients == null || out == null) {
            throw new ParameterException(spec.commandLine(), "split needs --index, --patients and --out (or --check DIR)");
        }
        FoldSplitter splitter;
        try {
            splitter = FoldSplitter.builder().optFolds(folds).optSeed(seed).optValidationFraction(validationFraction)
                    .build();
        } catch (IllegalArgumentException e) {
            throw new ParameterException(spec.commandLine(), e.getMessage());
        }
        List<LabelledSlice> rows = FoldCsv.read(index);
        PatientDetails details = PatientDetails.read(patients);
        List<FoldSet> result = splitter.split(rows, index, details, patients);
        refuseStaleFolds();
        SplitDirectory.write(out, result);
        String table = FoldTable.of(result).toMarkdown();
        String summary = String.format(Locale.ROOT, "covidct split --index %s --patients %s --folds %d --seed %d"
                        + " --validation-fraction %s%n%n%s", index.getFileName(), patients.getFileName(), folds, seed,
                validationFraction, table);
        try {
            AtomicFiles.writeString(out.resolve("folds.md"), summary);
        } catch (IOException e) {
            throw new CovidctException(out.resolve("folds.md"), "cannot write (" + e.getMessage() + ")", e);
        }
        outWriter.print(table);
        outWriter.printf("wrote %d folds to %s%n", folds, out);
        outWriter.flush();
        return 0;
    }

    /** Fold CSVs of higher fold numbers from an earlier run would be read as part of this split. */
    private void refuseStaleFolds() {
        if (!Files.isDirectory(out)) {
            return;
        }
        try {
            List<Integer> present = SplitDirectory.open(out).folds();
            List<Integer> stale = present.stream().filter(k -> k > folds).toList();
            if (!stale.isEmpty()) {
                throw new CovidctException(out, "holds fold CSVs of fold(s) " + stale + " beyond --folds " + folds
                        + " from an earlier split; use an empty folder");
            }
        } catch (CovidctException e) {
            if (e.getMessage().contains("no fold CSVs")) {
                return;
            }
            throw e;
        }
    }

    private int check(PrintWriter outWriter) {
        SplitChecker.Report report = SplitChecker.check(SplitDirectory.open(check));
        outWriter.print(report.table().toMarkdown());
        outWriter.flush();
        PrintWriter err = spec.commandLine().getErr();
        report.warnings().forEach(w -> err.println("covidct: warning: " + w));
        List<String> problems = report.problems();
        problems.stream().limit(MAX_LISTED).forEach(p -> err.println("covidct: problem: " + p));
        if (problems.size() > MAX_LISTED) {
            err.println("covidct: problem: ... and " + (problems.size() - MAX_LISTED) + " more");
        }
        if (!problems.isEmpty()) {
            err.println("covidct: error: " + check + ": split check failed, " + problems.size() + " problem"
                    + (problems.size() == 1 ? "" : "s") + " (first: " + problems.get(0) + ")");
            err.flush();
            return CHECK_FAILED;
        }
        err.flush();
        outWriter.println("split check passed: " + check);
        outWriter.flush();
        return 0;
    }
}
