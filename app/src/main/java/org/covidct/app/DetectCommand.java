package org.covidct.app;

import org.covidct.app.options.QuietOption;
import org.covidct.app.options.OutputFolderOption;
import org.covidct.app.detect.ClassifierScorer;
import org.covidct.app.detect.DetectionFiles;
import org.covidct.app.detect.DetectionSettings;
import org.covidct.app.detect.Detector;
import org.covidct.app.detect.SeriesDetection;
import org.covidct.app.detect.SeriesSource;
import org.covidct.app.report.ExpertView;
import org.covidct.app.report.PatientReportWriter;
import org.covidct.app.options.PatientPipelineOptions;
import org.covidct.app.options.RunDirOption;
import org.covidct.app.score.SeriesScoring;
import org.covidct.core.CovidctException;
import org.covidct.core.labels.ExpertScoring;
import org.covidct.core.labels.PersonClass;
import org.covidct.core.labels.SliceLabels;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.Callable;

/** {@code covidct detect}: the fully automated pipeline on one person's CT series. */
@Command(name = "detect", mixinStandardHelpOptions = true,
        description = {"Decides whether a CT series shows COVID-19: selects the slices in which the lung is open, "
                + "classifies them, and applies the patient rule (COVID when at least the given fraction of kept "
                + "slices is classified COVID). The decision is covid, normal or undecided (with its reason: the "
                + "series does not span the lungs, too few kept slices, non-axial or out-of-range values, or a "
                + "COVID fraction inside the undecided band); undecided exits 0 like the others.",
                "SRC is a patient folder of the full layout (its --series subfolder is used), one series folder "
                        + "of TIFF slices, or a folder of DICOM files.",
                "A model whose card holds no validation (init-model, an import without a card) is refused unless "
                        + "--allow-unvalidated is given.",
                "Writes DIR/detection.csv (series,file,kept,dark_count,p_covid,predicted,instance,slice_location; "
                        + "one row per slice), DIR/decision.json and, with --report, DIR/report.html (without "
                        + "--report an older report.html in DIR is removed). --labels FILE scores the series "
                        + "against radiologists' slice labels (decision.json's expert object, and the report)."})
public final class DetectCommand implements Callable<Integer> {

    /** Progress lines at most every 2 s (and the last one). */
    static final long PROGRESS_EVERY_NS = 2_000_000_000L;

    /** The report's file name in DIR. */
    static final String REPORT = "report.html";

    @Spec
    CommandSpec spec;

    @Mixin
    RunDirOption model;

    @Parameters(index = "0", paramLabel = "SRC", description = "patient, series or DICOM folder")
    Path src;

    @Mixin
    OutputFolderOption output;

    @Mixin
    PatientPipelineOptions pipeline;

    @Option(names = "--report", description = "also write report.html (sweep, probability curve, Grad-CAM)")
    boolean report;

    @Option(names = "--cams", defaultValue = "6", paramLabel = "N",
            description = "Grad-CAM views in the report (default ${DEFAULT-VALUE})")
    int cams;

    @Option(names = "--labels", paramLabel = "FILE",
            description = "Radiologists' slice labels of this series (<series>.slice-labels.csv: instance,infection,"
                    + "lll,lul,rll,rml,rul): score the slices against them (slice AUC over kept slices, sensitivity, "
                    + "specificity, selection recall). The person is COVID unless SRC lies in a folder named normal "
                    + "or cap.")
    Path labels;

    @Mixin
    QuietOption quiet;

    @Override
    public Integer call() throws IOException {
        PrintWriter err = spec.commandLine().getErr();
        PrintWriter outWriter = spec.commandLine().getOut();
        DetectionSettings settings = pipeline.settings();
        Path out = output.folder();
        SliceLabels expertLabels = labels == null ? null : SliceLabels.read(labels);
        SeriesSource.Labelled input = SeriesSource.open(src, pipeline.series());
        // the weights load while the slices are read and selected
        try (ClassifierScorer scorer = ClassifierScorer.loadingInBackground(model.runDir(), settings.batchSize())) {
            Detector detector = scorer.detector(settings);
            say(err, "covidct detect: " + input.label() + ": " + input.series().size() + " slices");
            long start = System.nanoTime();
            long[] lastLine = {start};
            Detector.Outcome outcome = detector.detect(input.series(), input.label(), (done, total) -> {
                long now = System.nanoTime();
                if (done >= total || now - lastLine[0] >= PROGRESS_EVERY_NS) {
                    lastLine[0] = now;
                    say(err, progressLine(done, total, (now - start) / 1e9));
                }
            });
            SeriesDetection d = outcome.detection();
            for (String w : d.warnings()) {
                err.println("covidct: warning: " + w);
            }
            SeriesScoring.Scored scored = null;
            Map<String, Object> expert = null;
            if (expertLabels != null) {
                PersonClass person = personOf(src);
                scored = SeriesScoring.score(new ExpertScoring(0.5), d.series(), person, expertLabels, d, null, null);
                expert = SeriesScoring.json(scored, 0.5);
            }
            DetectionFiles.writeCsv(out.resolve(DetectionFiles.CSV), d);
            DetectionFiles.writeJson(out.resolve(DetectionFiles.JSON), DetectionFiles.decisionJson(d, expert, Instant.now()));
            if (report) {
                say(err, "  writing report (Grad-CAM on " + Math.min(cams, d.keptCount()) + " slices)");
                ExpertView view = scored == null ? null : new ExpertView(scored.infected(), scored.score(),
                        labels.toString(), scored.person().folder());
                PatientReportWriter.write(out.resolve(REPORT), input.series(), outcome, scorer, cams, view);
            } else {
                // a report of an earlier run would contradict this run's decision.json
                Files.deleteIfExists(out.resolve(REPORT));
            }
            outWriter.println(String.format(Locale.ROOT, "%s: %s (%d of %d kept slices COVID, threshold %s; %d slices)",
                    d.series(), d.decision().verdict().word(), d.covidCount(), d.keptCount(),
                    settings.rule().fraction().toPlainString(), d.slices().size()));
            if (!d.decision().isDecided()) {
                outWriter.println("  " + d.decision().cause().code() + ": " + d.decision().reason());
            }
            if (scored != null) {
                outWriter.println(String.format(Locale.ROOT, "  against %s: slice AUC %s over %d kept slices, "
                                + "sensitivity %s, specificity %s, selection recall %d of %d infected slices",
                        labels.getFileName(), num(scored.score().auc()), scored.score().kept(),
                        num(scored.score().sensitivity()), num(scored.score().specificity()),
                        scored.score().infectedKept(), scored.score().infected()));
            }
            outWriter.flush();
            err.flush();
            return 0;
        }
    }

    /** "classified 40 of 90 kept slices (5 s, about 6 s left)". */
    static String progressLine(int done, int total, double seconds) {
        String eta = done >= total ? "done" : String.format(Locale.ROOT, "about %.0f s left",
                seconds / done * (total - done));
        return String.format(Locale.ROOT, "  classified %d of %d kept slices (%.0f s, %s)", done, total, seconds, eta);
    }

    /** The person class from the folder holding SRC (the COVID-CT-MD layout: covid/, normal/, cap/), else COVID. */
    static PersonClass personOf(Path src) {
        Path abs = src.toAbsolutePath().normalize();
        Path parent = abs.getParent();
        if (parent != null && parent.getFileName() != null) {
            return PersonClass.ofFolder(parent.getFileName().toString()).orElse(PersonClass.COVID);
        }
        return PersonClass.COVID;
    }

    private static String num(double v) {
        return Double.isNaN(v) ? "n/a" : String.format(Locale.ROOT, "%.3f", v);
    }

    private void say(PrintWriter err, String line) {
        if (!quiet.quiet()) {
            err.println(line);
            err.flush();
        }
    }

}
