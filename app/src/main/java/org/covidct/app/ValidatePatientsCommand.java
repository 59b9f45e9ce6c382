package org.covidct.app;

import org.covidct.app.options.QuietOption;
import org.covidct.app.options.OutputFolderOption;
import org.covidct.app.detect.DetectionSettings;
import org.covidct.app.validate.FoldPatientValidation;
import org.covidct.app.validate.PaperPatientTable;
import org.covidct.core.dataset.FullLayout;
import org.covidct.core.decision.PatientCounts;
import org.covidct.app.io.OutputFiles;
import org.covidct.app.options.FoldModelOptions;
import org.covidct.app.options.PatientPipelineOptions;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

import java.io.PrintWriter;
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

    @Mixin
    FoldModelOptions folds;

    @Option(names = "--data", required = true, paramLabel = "FULL_LAYOUT_DIR",
            description = "Full layout: <group>/<patientN>/<SR_k>/IM*.tif.")
    Path data;

    @Mixin
    OutputFolderOption output;

    @Option(names = "--sweep", description = "Sweep the COVID fraction 0..1: patient ROC, AUC, operating point.")
    boolean sweep;

    @Mixin
    PatientPipelineOptions pipeline;

    @Mixin
    QuietOption quiet;

    @Spec
    CommandSpec spec;

    @Override
    public Integer call() {
        PrintWriter console = spec.commandLine().getOut();
        PrintWriter err = spec.commandLine().getErr();
        DetectionSettings settings = pipeline.settings();
        Path out = output.folder();
        List<FoldModelOptions.FoldModel> models = folds.resolve(data);
        FullLayout layout = FullLayout.scan(data);
        List<FoldPatientValidation.Result> results = new ArrayList<>();
        for (FoldModelOptions.FoldModel m : models) {
            FoldPatientValidation.Result r = FoldPatientValidation.builder().setModel(m.runDir()).setLayout(layout)
                    .setSplit(folds.splitDir(data)).setFold(m.fold()).optSeries(pipeline.series()).optDetection(settings)
                    .optSweep(sweep).optProgress(quiet.quiet() ? null : line -> {
                        err.println("  " + line);
                        err.flush();
                    }).build().run(out);
            print(console, r);
            results.add(r);
        }
        if (folds.allFolds()) {
            String name = results.get(0).modelName();
            OutputFiles.writeString(out.resolve("all_folds.csv"), PaperPatientTable.csv(name, results));
            String md = PaperPatientTable.markdown(name, results);
            OutputFiles.writeString(out.resolve("all_folds.md"), md);
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
}
