package org.covidct.app.server;

import org.covidct.app.detect.ClassifierScorer;
import org.covidct.app.detect.DetectionFiles;
import org.covidct.app.detect.DetectionSettings;
import org.covidct.app.detect.Detector;
import org.covidct.app.detect.ModelSummary;
import org.covidct.app.detect.SeriesDetection;
import org.covidct.app.detect.SeriesSource;
import org.covidct.app.report.PatientReportWriter;
import org.covidct.core.decision.PatientRule;
import org.covidct.core.image.CtSlice;
import org.covidct.core.selection.Selectors;
import org.covidct.nn.explain.Heatmap;

import java.nio.file.Path;
import java.util.List;

/**
 * The one door from the server to the detection of {@code covidct detect}: the same series opening, the
 * same {@link Detector} with detect's defaults, the same {@link DetectionFiles} and report writer, so a job's
 * decision.json is byte for byte what {@code covidct detect --model M SERIES_DIR --out DIR --report} writes
 * for the same series folder and the same M. The model is loaded once; calls are serialised (the network is
 * not thread-safe, and one detection at a time is what two cores can carry).
 */
public final class SeriesDetector implements AutoCloseable {

    /** detect's defaults: --covid-fraction, --rule, --cams. */
    static final String FRACTION = "0.10";
    static final String RULE = "reference";
    static final int CAMS = 6;

    /** What one detection wrote, with the decoded kept slices for further pictures. */
    public record Outcome(SeriesDetection detection, List<CtSlice> keptSlices) {
    }

    private final ClassifierScorer scorer;
    private final int batch;
    private final boolean allowUnvalidated;

    /**
     * @param model            the RUN_DIR as the user gave it (written into decision.json as given)
     * @param allowUnvalidated accept a model without validation; passed on to the detection's own check of
     *                         the model once it has one (issue 11), so serve and detect refuse the same models
     */
    public SeriesDetector(Path model, int batch, boolean allowUnvalidated) {
        this.scorer = new ClassifierScorer(model, batch);
        this.batch = batch;
        this.allowUnvalidated = allowUnvalidated;
    }

    public ModelSummary model() {
        return scorer.summary();
    }

    public boolean allowUnvalidated() {
        return allowUnvalidated;
    }

    /**
     * Runs the detection on a series folder and writes detection.csv, decision.json and report.html into
     * {@code out} (each atomically).
     */
    public synchronized Outcome detect(Path seriesDir, Path out) {
        SeriesSource.Labelled input = SeriesSource.open(seriesDir, SeriesSource.DEFAULT_SERIES);
        Detector detector = new Detector(scorer, scorer.summary(),
                new DetectionSettings(Selectors.byName(RULE), true, PatientRule.of(FRACTION), batch));
        Detector.Outcome outcome = detector.detect(input.series(), input.label(), null);
        SeriesDetection d = outcome.detection();
        DetectionFiles.writeCsv(out.resolve(DetectionFiles.CSV), d);
        DetectionFiles.writeJson(out.resolve(DetectionFiles.JSON), d);
        PatientReportWriter.write(out.resolve(REPORT), input.series(), outcome, scorer, CAMS);
        return new Outcome(d, outcome.keptSlices());
    }

    /** The report's file name, as detect writes it. */
    public static final String REPORT = "report.html";

    /** Grad-CAM maps of slices, each at its slice's size (the same maps as the report's). */
    public synchronized Heatmap[] heatmaps(List<CtSlice> slices) {
        return scorer.heatmaps(slices);
    }

    @Override
    public synchronized void close() {
        scorer.close();
    }
}
