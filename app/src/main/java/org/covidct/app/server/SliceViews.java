package org.covidct.app.server;

import org.covidct.app.detect.SeriesSource;
import org.covidct.app.report.Images;
import org.covidct.core.image.CtSlice;
import org.covidct.core.display.DisplayWindow;
import org.covidct.core.io.AtomicFiles;
import org.covidct.core.series.Series;
import org.covidct.nn.explain.Heatmap;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * The viewer's pictures of a job's slices: any slice in the lung (W1500/L-600) or mediastinal (W400/L40)
 * window, and for kept slices the Grad-CAM map over the lung window, computed on first request by the
 * job's detector (the same maps as the report) and kept in the job's {@code viewer} folder.
 */
final class SliceViews {

    private final JobStore store;
    private final SeriesDetector detector;
    /** The opened series of the last few jobs viewed (opening reads every header once). */
    private final Map<String, Series> opened = new LinkedHashMap<>(8, 0.75f, true) {
        @Override
        protected boolean removeEldestEntry(Map.Entry<String, Series> eldest) {
            return size() > 4;
        }
    };

    SliceViews(JobStore store, SeriesDetector detector) {
        this.store = store;
        this.detector = detector;
    }

    static DisplayWindow window(String name) {
        if (name == null || name.equals("lung")) {
            return DisplayWindow.LUNG;
        }
        if (name.equals("mediastinal") || name.equals("mediastinum")) {
            return DisplayWindow.MEDIASTINUM;
        }
        throw new HttpFailure(400, "window is lung or mediastinal");
    }

    byte[] slicePng(JobRecord job, int index, DisplayWindow window) {
        return Images.png(window.apply(slice(job, index)));
    }

    /** The lung window with the slice's Grad-CAM map over it; only for slices the network classified. */
    byte[] camPng(JobRecord job, int index, List<DetectionCsv.Row> rows) throws IOException {
        if (index < 0 || index >= rows.size()) {
            throw new HttpFailure(404, "no slice " + index);
        }
        if (!rows.get(index).kept()) {
            throw new HttpFailure(404, "slice " + index + " was not classified (the selection dropped it): no Grad-CAM");
        }
        Path cached = store.viewer(job.job()).resolve(String.format(Locale.ROOT, "cam-%05d.png", index));
        if (Files.isRegularFile(cached)) {
            return Files.readAllBytes(cached);
        }
        CtSlice s = slice(job, index);
        Heatmap map = detector.heatmaps(List.of(s))[0];
        byte[] png = Images.png(Images.overlay(Images.lungWindow(s), map));
        AtomicFiles.writeBytes(cached, png);
        return png;
    }

    private CtSlice slice(JobRecord job, int index) {
        Series series;
        synchronized (opened) {
            series = opened.get(job.job());
            if (series == null) {
                Path dir = store.input(job.job()).resolve(job.series().label());
                series = SeriesSource.open(dir, SeriesSource.DEFAULT_SERIES).series();
                opened.put(job.job(), series);
            }
        }
        if (index < 0 || index >= series.size()) {
            throw new HttpFailure(404, "no slice " + index + " (the series has " + series.size() + ")");
        }
        return series.slices().get(index).read();
    }
}
