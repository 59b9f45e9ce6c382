package org.covidct.app;

import org.covidct.app.options.QuietOption;
import org.covidct.app.options.OutputFolderOption;
import org.covidct.app.detect.ClassifierScorer;
import org.covidct.app.detect.DetectionFiles;
import org.covidct.app.detect.DetectionSettings;
import org.covidct.app.detect.Detector;
import org.covidct.app.detect.SeriesDetection;
import org.covidct.app.detect.SeriesSource;
import org.covidct.app.report.PatientReportWriter;
import org.covidct.app.options.PatientPipelineOptions;
import org.covidct.app.options.RunDirOption;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.Locale;
import java.util.concurrent.Callable;

/** {@code covidct detect}: the fully automated pipeline on one person's CT series. */
@Command(name = "detect", mixinStandardHelpOptions = true,
        description = {"Decides whether a CT series shows COVID-19: selects the slices in which the lung is open, "
                + "classifies them, and applies the patient rule (COVID when at least the given fraction of kept "
                + "slices is classified COVID).",
                "SRC is a patient folder of the full layout (its --series subfolder is used), one series folder "
                        + "of TIFF slices, or a folder of DICOM files.",
                "Writes DIR/detection.csv (series,file,kept,dark_count,p_covid,predicted; one row per slice), "
                        + "DIR/decision.json and, with --report, DIR/report.html."})
public final class DetectCommand implements Callable<Integer> {

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
            description = "Grad-CAM views in the report (default: ${DEFAULT-VALUE})")
    int cams;

    @Mixin
    QuietOption quiet;

    @Override
    public Integer call() {
        PrintWriter err = spec.commandLine().getErr();
        PrintWriter outWriter = spec.commandLine().getOut();
        DetectionSettings settings = pipeline.settings();
        Path out = output.folder();
        SeriesSource.Labelled input = SeriesSource.open(src, pipeline.series());
        try (ClassifierScorer scorer = new ClassifierScorer(model.runDir(), settings.batchSize())) {
            Detector detector = scorer.detector(settings);
            say(err, "covidct detect: " + input.label() + ": " + input.series().size() + " slices");
            Detector.Outcome outcome = detector.detect(input.series(), input.label(),
                    done -> say(err, "  classified " + done + " slices"));
            SeriesDetection d = outcome.detection();
            for (String w : d.warnings()) {
                err.println("covidct: warning: " + w);
            }
            DetectionFiles.writeCsv(out.resolve(DetectionFiles.CSV), d);
            DetectionFiles.writeJson(out.resolve(DetectionFiles.JSON), d);
            if (report) {
                say(err, "  writing report (Grad-CAM on " + Math.min(cams, d.keptCount()) + " slices)");
                PatientReportWriter.write(out.resolve("report.html"), input.series(), outcome, scorer, cams);
            }
            String verdict = d.decision().isDecided() ? d.decision().verdict().word() : "no decision";
            outWriter.println(String.format(Locale.ROOT, "%s: %s (%d of %d kept slices COVID, threshold %s; %d slices)",
                    d.series(), verdict, d.covidCount(), d.keptCount(), settings.rule().fraction().toPlainString(),
                    d.slices().size()));
            if (!d.decision().isDecided()) {
                outWriter.println("  " + d.decision().reason());
            }
            outWriter.flush();
            err.flush();
            return 0;
        }
    }

    private void say(PrintWriter err, String line) {
        if (!quiet.quiet()) {
            err.println(line);
            err.flush();
        }
    }
}
