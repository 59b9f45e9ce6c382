package org.covidct.app.screen;

import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;

/** Counts of a screen's rows per decision word and failures, in one line for people. */
public final class ScreenSummary {

    private ScreenSummary() {
    }

    /** Rows per decision word (in alphabetical order), failures under "failed". */
    public static Map<String, Integer> counts(List<ScreenRow> rows) {
        Map<String, Integer> counts = new TreeMap<>();
        for (ScreenRow r : rows) {
            counts.merge(r.failed() ? "failed" : r.decision(), 1, Integer::sum);
        }
        return counts;
    }

    /** "covid 4, normal 9, undecided 1, failed 1". */
    public static String line(List<ScreenRow> rows) {
        Map<String, Integer> counts = counts(rows);
        StringBuilder b = new StringBuilder();
        counts.forEach((word, n) -> {
            if (!word.equals("failed")) {
                b.append(b.length() == 0 ? "" : ", ").append(word).append(' ').append(n);
            }
        });
        b.append(b.length() == 0 ? "" : ", ").append(String.format(Locale.ROOT, "failed %d",
                counts.getOrDefault("failed", 0)));
        return b.toString();
    }
}
