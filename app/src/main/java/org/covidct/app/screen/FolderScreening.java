package org.covidct.app.screen;

import org.covidct.app.detect.Detector;
import org.covidct.app.detect.SeriesDetection;
import org.covidct.core.CovidctException;
import org.covidct.core.decision.PatientDecision;
import org.covidct.core.dicom.DicomHeader;
import org.covidct.core.load.DicomSeries;
import org.covidct.core.load.SeriesLoader;
import org.covidct.core.series.Series;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

/**
 * The detection of every series of one folder, each exactly as {@code covidct detect} runs it on a folder holding
 * only that series: the same {@link Detector} (selection, classification in batches, decision), given the series
 * {@code detect} opens ({@link SeriesLoader}) and labelled with the folder's name as detect labels it. A series that
 * fails becomes a row with its error; so does a folder that cannot be opened at all.
 */
public final class FolderScreening {

    private FolderScreening() {
    }

    /** The rows of the folder's series, in SeriesNumber order (one row for a TIFF folder). */
    public static List<ScreenRow> screen(Detector detector, ScreenFolder folder) {
        long start = System.nanoTime();
        List<Series> all;
        try {
            all = SeriesLoader.openAll(folder.path());
        } catch (RuntimeException e) {
            return List.of(ScreenRow.failed(folder.relative(), 0, null, null, describe(e), seconds(start)));
        }
        List<String> keys = keys(folder.relative(), all);
        List<ScreenRow> rows = new ArrayList<>(all.size());
        for (int i = 0; i < all.size(); i++) {
            rows.add(screen(detector, all.get(i), keys.get(i), label(folder.path())));
        }
        return rows;
    }

    /** detect's label of a series folder: the folder's name. */
    private static String label(Path dir) {
        Path abs = dir.toAbsolutePath().normalize();
        return abs.getFileName() == null ? abs.toString() : abs.getFileName().toString();
    }

    private static ScreenRow screen(Detector detector, Series series, String key, String label) {
        long start = System.nanoTime();
        DicomHeader h = series.size() == 0 ? null : DicomSeries.headerOf(series.slices().get(0));
        String seriesUid = h == null ? null : h.seriesInstanceUid();
        String studyUid = h == null ? null : h.studyInstanceUid();
        try {
            SeriesDetection d = detector.detect(series, label, null).detection();
            PatientDecision decision = d.decision();
            return new ScreenRow(key, decision.verdict().word(), d.keptCount(), d.covidCount(),
                    decision.covidShare().orElse(null), d.slices().size(), seriesUid, studyUid,
                    decision.isDecided() ? null : decision.reason(), d.warnings(), null, seconds(start));
        } catch (RuntimeException e) {
            return ScreenRow.failed(key, series.size(), seriesUid, studyUid, describe(e), seconds(start));
        }
    }

    /**
     * The row keys: the folder for its only series; with several series, the folder and {@code #SR_n}, or
     * {@code #} and the SeriesInstanceUID for all of them when two share a label.
     */
    static List<String> keys(String folder, List<Series> all) {
        if (all.size() == 1) {
            return List.of(folder);
        }
        Set<String> labels = new HashSet<>();
        boolean unique = all.stream().allMatch(s -> labels.add(s.label()));
        List<String> keys = new ArrayList<>();
        for (Series s : all) {
            DicomHeader h = DicomSeries.headerOf(s.slices().get(0));
            String uid = h == null || h.seriesInstanceUid() == null ? "no-uid" : h.seriesInstanceUid();
            keys.add(folder + "#" + (unique ? s.label() : uid));
        }
        return keys;
    }

    /** The one line of a failure: a user-input problem as the CLI would print it, anything else with its type. */
    static String describe(Throwable e) {
        for (Throwable t = e; t != null; t = t.getCause()) {
            if (t instanceof CovidctException) {
                return CovidctException.oneLine(t.getMessage());
            }
        }
        String m = e.getMessage();
        return CovidctException.oneLine(e.getClass().getSimpleName() + (m == null ? "" : ": " + m));
    }

    private static double seconds(long start) {
        return (System.nanoTime() - start) / 1e9;
    }
}
