package org.covidct.app.screen;

import java.io.Serializable;
import java.util.List;
import java.util.Locale;

/**
 * One series of a screen: what {@code covidct detect} decides for it, or the error that stopped it.
 *
 * @param seriesPath the series' folder relative to ROOT ({@code /}-separated, {@code .} for ROOT itself); a folder
 *                   holding several DICOM series adds {@code #SR_n} (or {@code #} and the SeriesInstanceUID when
 *                   two series share a number)
 * @param decision   the decision word detect writes ({@code covid}, {@code normal}, {@code undecided}, ...); null
 *                   when the series failed
 * @param kept       slices kept by the selection (and classified)
 * @param covid      kept slices classified COVID
 * @param fraction   covid / kept as decision.json gives it; null when nothing was kept or the series failed
 * @param slices     slices of the series
 * @param seriesUid  SeriesInstanceUID (DICOM), else null
 * @param studyUid   StudyInstanceUID (DICOM), else null
 * @param reason     why the series is undecided, else null
 * @param warnings   detect's warnings about the input, in its order
 * @param error      the one-line error of a failed series, else null
 * @param seconds    wall time of this series' detection (reading, selection, classification)
 */
public record ScreenRow(String seriesPath, String decision, int kept, int covid, Double fraction, int slices,
                        String seriesUid, String studyUid, String reason, List<String> warnings, String error,
                        double seconds) implements Serializable {

    /** The columns of results.csv, in order (the first five are the interface issue 13 fixes). */
    public static final List<String> COLUMNS = List.of("series_path", "decision", "kept", "covid", "fraction",
            "slices", "series_uid", "study_uid", "reason", "warnings", "error", "seconds");

    /** Separates the warnings of a row in its one CSV cell. */
    public static final String WARNING_SEPARATOR = " | ";

    public ScreenRow {
        warnings = warnings == null ? List.of() : List.copyOf(warnings);
        if ((decision == null) == (error == null)) {
            throw new IllegalArgumentException(seriesPath + ": a row has a decision or an error, not both or neither");
        }
    }

    /** The row of a series (or a folder) that could not be analysed. */
    public static ScreenRow failed(String seriesPath, int slices, String seriesUid, String studyUid, String error,
                                   double seconds) {
        return new ScreenRow(seriesPath, null, 0, 0, null, slices, seriesUid, studyUid, null, List.of(), error, seconds);
    }

    public boolean failed() {
        return error != null;
    }

    /** The cells of the row in {@link #COLUMNS} order; empty strings for absent values. */
    public List<String> cells() {
        return List.of(seriesPath, text(decision), failed() ? "" : Integer.toString(kept),
                failed() ? "" : Integer.toString(covid), fraction == null ? "" : Double.toString(fraction),
                Integer.toString(slices), text(seriesUid), text(studyUid), text(reason),
                String.join(WARNING_SEPARATOR, warnings), text(error), String.format(Locale.ROOT, "%.3f", seconds));
    }

    private static String text(String s) {
        return s == null ? "" : s;
    }
}
