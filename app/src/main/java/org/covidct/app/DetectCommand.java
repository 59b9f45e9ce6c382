package org.covidct.app;

import org.covidct.app.detect.ClassifierScorer;
import org.covidct.app.detect.DetectionFiles;
import org.covidct.app.detect.Detector;
import org.covidct.app.detect.SeriesDetection;
import org.covidct.app.detect.SeriesSource;
import org.covidct.app.report.PatientReportWriter;
import org.covidct.core.CovidctException;
import org.covidct.core.decision.PatientRule;
import org.covidct.app.options.PatientPipelineOptions;
import org.covidct.app.options.RunDirOption;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

import java.io.PrintWriter;
import java.nio.file.Files;
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

    @Option(names = "--out", required = true, paramLabel = "DIR", description = "output folder")
    Path out;

    @Mixin
    PatientPipelineOptions pipeline;

    @Option(names = "--report", description = "also write report.html (sweep, probability curve, Grad-CAM)")
    boolean report;

    @Option(names = "--cams", defaultValue = "6", paramLabel = "N",
            description = "Grad-CAM views in the report (default: ${DEFAULT-VALUE})")
    int cams;

    @Option(names = {"-q", "--quiet"}, description = "no progress output")
    boolean quiet;

    @Override
    public Integer call() {
        PrintWriter err = spec.commandLine().getErr();
        PrintWriter outWriter = spec.commandLine().getOut();
        PatientRule patientRule = pipeline.rule();
        int batch = pipeline.batch();
        if (Files.exists(out) && !Files.isDirectory(out)) {
            throw new CovidctException(out, "exists and is not a folder");
        }
        SeriesSource.Labelled input = SeriesSource.open(src, pipeline.series());
        try (ClassifierScorer scorer = new ClassifierScorer(model.runDir(), batch)) {
            Detector detector = Detector.builder().setScorer(scorer).setModel(scorer.summary()).optBatchSize(batch)
                    .optRule(patientRule).optSelection(pipeline.selection()).optSelector(pipeline.selector()).build();
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
                    d.series(), verdict, d.covidCount(), d.keptCount(), patientRule.fraction().toPlainString(),
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
        if (!quiet) {
            err.println(line);
            err.flush();
        }
    }
}
