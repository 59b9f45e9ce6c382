package org.covidct.app.report;

import org.covidct.app.detect.ClassifierScorer;
import org.covidct.app.detect.Detector;
import org.covidct.app.detect.SeriesDetection;
import org.covidct.app.detect.SliceResult;
import org.covidct.core.image.CtSlice;
import org.covidct.core.series.Series;
import org.covidct.nn.explain.Heatmap;

import java.awt.image.BufferedImage;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.IntStream;

/** Gathers what a patient report shows (thumbnails of the whole sweep, Grad-CAM views) and writes it. */
public final class PatientReportWriter {

    /**
     * Side of each slice's image in pixels: shown at 64 CSS pixels in the strip and enlarged to 256 pixels on a click
     * (JPEG, so that a 150-slice series stays about 2 MB).
     */
    static final int THUMB = 256;
    /** Side of the Grad-CAM images in the report. */
    static final int CAM = 320;

    private PatientReportWriter() {
    }

    /**
     * @param cams number of most suspicious kept slices to explain with Grad-CAM
     */
    public static void write(Path file, Series series, Detector.Outcome outcome, ClassifierScorer scorer, int cams) {
        write(file, series, outcome, scorer, cams, null);
    }

    /**
     * @param cams   number of most suspicious kept slices to explain with Grad-CAM
     * @param expert the radiologists' labels and the scores against them, or null
     */
    public static void write(Path file, Series series, Detector.Outcome outcome, ClassifierScorer scorer, int cams,
                             ExpertView expert) {
        SeriesDetection d = outcome.detection();
        List<SliceResult> rows = d.slices();
        // kept slices are already decoded; the dropped ones are read only for their thumbnails
        Map<String, CtSlice> decoded = new LinkedHashMap<>();
        int k = 0;
        for (SliceResult r : rows) {
            if (r.kept()) {
                decoded.put(r.file(), outcome.keptSlices().get(k++));
            }
        }
        BufferedImage[] thumbs = new BufferedImage[rows.size()];
        IntStream.range(0, rows.size()).parallel().forEach(i -> {
            CtSlice s = decoded.get(rows.get(i).file());
            if (s == null) {
                s = series.slices().get(i).read();
            }
            thumbs[i] = Images.scale(Images.lungWindow(s), THUMB);
        });
        Map<String, BufferedImage> thumbnails = new LinkedHashMap<>();
        for (int i = 0; i < rows.size(); i++) {
            thumbnails.put(rows.get(i).file(), thumbs[i]);
        }
        List<Integer> suspicious = IntStream.range(0, rows.size()).filter(i -> rows.get(i).kept()).boxed()
                .sorted(Comparator.comparingDouble((Integer i) -> -rows.get(i).pCovid())).limit(cams).toList();
        List<CtSlice> camSlices = suspicious.stream().map(i -> decoded.get(rows.get(i).file())).toList();
        Heatmap[] maps = camSlices.isEmpty() ? new Heatmap[0] : scorer.heatmaps(camSlices);
        List<PatientReport.CamView> views = new ArrayList<>();
        for (int j = 0; j < suspicious.size(); j++) {
            int i = suspicious.get(j);
            BufferedImage lung = Images.lungWindow(camSlices.get(j));
            BufferedImage overlay = Images.overlay(lung, maps[j]);
            views.add(new PatientReport.CamView(rows.get(i).file(), i + 1, rows.get(i).pCovid(), Images.scale(lung, CAM),
                    Images.scale(overlay, CAM), scorer.camLayer(), maps[j].rawMax() == 0));
        }
        PatientReport.write(file, PatientReport.html(d, thumbnails, views, expert));
    }
}
