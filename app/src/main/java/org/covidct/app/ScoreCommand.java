package org.covidct.app;

import org.covidct.app.detect.ClassifierScorer;
import org.covidct.app.detect.DetectionSettings;
import org.covidct.app.options.OutputFolderOption;
import org.covidct.app.options.QuietOption;
import org.covidct.app.options.RunDirOption;
import org.covidct.app.options.SelectionOptions;
import org.covidct.app.score.ScoreFiles;
import org.covidct.app.score.ScoreRun;
import org.covidct.core.decision.DecisionPolicy;
import org.covidct.core.decision.PatientRule;
import org.covidct.nn.run.ModelCard;
import org.covidct.nn.run.RunDir;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.Callable;

/** {@code covidct score}: the fully automated detection on every labelled real series, scored against radiologists. */
@Command(name = "score", mixinStandardHelpOptions = true, sortOptions = false,
        description = {"Runs the fully automated detection on every series of REAL_DIR (the COVID-CT-MD layout: "
                + "covid/, normal/, cap/ series folders and labels/<series>.slice-labels.csv) and scores it against "
                + "the radiologists' slice labels.",
                "Writes DIR/scores.csv (one row per series), DIR/slices.csv (one row per slice), DIR/summary.json "
                        + "(pooled slice AUC infected-vs-clean over kept slices of COVID and normal persons, "
                        + "sensitivity and specificity at 0.5, per-person decisions, the share of other pneumonia "
                        + "called COVID, selection recall of infected slices under the reference and lung-aware rules, "
                        + "and with --cams the Grad-CAM localisation), DIR/roc.png and DIR/index.html. A model "
                        + "without validation is accepted: scoring is how it gets one. See docs/SCORING.md."})
public final class ScoreCommand implements Callable<Integer> {

    @Mixin
    RunDirOption model;

    @Parameters(index = "0", paramLabel = "REAL_DIR", description = "folder in the COVID-CT-MD layout")
    Path realDir;

    @Mixin
    OutputFolderOption output;

    @Mixin
    SelectionOptions selection;

    @Option(names = "--cams", description = "Also score Grad-CAM localisation: one map per kept infected slice with "
            + "marked lobes (a backward pass each).")
    boolean cams;

    @Option(names = "--record", description = "Add the pooled scores to the model's card (run.json) as a real-CT "
            + "score, so that every later output of the model shows them.")
    boolean record;

    @Option(names = "--batch", defaultValue = "4", paramLabel = "B",
            description = "Slices per forward pass (default ${DEFAULT-VALUE}).")
    int batch;

    @Mixin
    QuietOption quiet;

    @Spec
    CommandSpec spec;

    @Override
    public Integer call() {
        PrintWriter out = spec.commandLine().getOut();
        PrintWriter err = spec.commandLine().getErr();
        Path dir = output.folder();
        String command = "covidct score " + String.join(" ", spec.commandLine().getParseResult().originalArgs())
                .replaceFirst("^score ", "");
        DetectionSettings settings = new DetectionSettings(selection.selector(), true,
                DecisionPolicy.of(PatientRule.paper()), batch, true);
        ScoreRun.Result result;
        Map<String, Object> summary;
        try (ClassifierScorer scorer = new ClassifierScorer(model.runDir(), batch)) {
            ScoreRun run = ScoreRun.builder().setScorer(scorer).setModel(scorer.summary()).optSettings(settings)
                    .optMaps(cams ? s -> scorer.heatmaps(List.of(s))[0] : null)
                    .optProgress(quiet.quiet() ? null : line -> {
                        err.println("covidct score: " + line);
                        err.flush();
                    }).build();
            result = run.run(realDir);
            summary = ScoreFiles.write(dir, result, scorer.summary(), command);
        }
        print(out, summary);
        if (record) {
            RunDir.addRealCtScore(model.runDir(), ScoreFiles.cardEntry(summary, command), command);
            out.println("recorded in " + model.runDir().resolve(RunDir.MANIFEST) + "'s card");
        }
        out.flush();
        return 0;
    }

    @SuppressWarnings("unchecked")
    private static void print(PrintWriter out, Map<String, Object> summary) {
        Map<String, Object> pooled = (Map<String, Object>) summary.get("pooled");
        out.println(String.format(Locale.ROOT, "pooled slice AUC %s (%s infected, %s clean kept slices), sensitivity %s, "
                        + "specificity %s at 0.5", fmt(pooled.get("slice_auc")), pooled.get("positives"),
                pooled.get("negatives"), fmt(pooled.get("sensitivity")), fmt(pooled.get("specificity"))));
        for (Map<String, Object> p : (List<Map<String, Object>>) summary.get("persons")) {
            out.println(String.format(Locale.ROOT, "  %s/%s: %s (%s of %s kept slices called COVID)", p.get("person"),
                    p.get("series"), p.get("decision") + (p.get("undecided_reason") == null ? ""
                            : " (" + p.get("undecided_reason") + ")"), p.get("called_covid"), p.get("kept")));
        }
        Map<String, Object> recall = (Map<String, Object>) summary.get("selection_recall");
        for (var e : recall.entrySet()) {
            Map<String, Object> one = (Map<String, Object>) e.getValue();
            out.println("selection recall, " + e.getKey() + " rule: " + one.get("by_series"));
        }
        Map<String, Object> cam = (Map<String, Object>) summary.get("gradcam_localisation");
        if (cam != null) {
            out.println("Grad-CAM peak in a marked lung: " + cam.get("hits") + " of " + cam.get("checked") + " ("
                    + cam.get("outside_lungs") + " outside the lungs)");
        }
    }

    private static String fmt(Object v) {
        return v instanceof Number n ? String.format(Locale.ROOT, "%.3f", n.doubleValue()) : "n/a";
    }
}
