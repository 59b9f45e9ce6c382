package org.covidct.core.selection;

import org.covidct.core.series.Series;
import org.covidct.core.series.SliceSource;

import java.util.ArrayList;
import java.util.List;

/**
 * The verdicts on one series, aligned with {@code series.slices()}.
 *
 * @param series    the series judged
 * @param threshold the series' threshold: a slice is kept when its dark count is strictly greater
 * @param slices    one verdict per slice, in series order
 */
public record SeriesSelection(Series series, double threshold, List<SliceVerdict> slices) {

    public SeriesSelection {
        slices = List.copyOf(slices);
        if (slices.size() != series.size()) {
            throw new IllegalArgumentException(slices.size() + " verdicts for " + series.size() + " slices");
        }
    }

    public int keptCount() {
        return (int) slices.stream().filter(SliceVerdict::selected).count();
    }

    /** The kept slices, in series order. */
    public List<SliceSource> kept() {
        List<SliceSource> out = new ArrayList<>();
        for (int i = 0; i < slices.size(); i++) {
            if (slices.get(i).selected()) {
                out.add(series.slices().get(i));
            }
        }
        return out;
    }

    /** The dark counts in series order. */
    public int[] darkCounts() {
        return slices.stream().mapToInt(SliceVerdict::darkCount).toArray();
    }
}
