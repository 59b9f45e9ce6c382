package org.covidct.core.selection;

import org.covidct.core.CovidctException;
import org.covidct.core.image.CtSlice;
import org.covidct.core.series.Series;
import org.covidct.core.series.SliceSource;

import java.util.List;

/**
 * The COVID-CTset selection rule exactly as published (REFERENCE section 2): per slice, count the
 * values below 300 in the {@link SelectionWindow}; threshold = (max count - min count) / 1.5 over the
 * series, without adding the minimum back (counts 3030 and 30 give 2000); keep the slices whose count
 * is strictly greater. Only the window is decoded and its dark values counted
 * as they are decoded, slices in parallel.
 *
 * <p>All slices of a series must have one size (the reference code assumes one scale per series).
 */
public final class ReferenceSelector implements SliceSelector {

    @Override
    public String name() {
        return "reference";
    }

    @Override
    public SeriesSelection select(Series series) {
        if (series.size() == 0) {
            throw new CovidctException(series.dir(), "series without slices");
        }
        List<SliceSource> slices = series.slices();
        // the first slice fixes the series' size; the others are checked against it, in parallel
        int[] size = new int[2];
        int firstCount = slices.get(0).countBelow((w, h) -> {
            size[0] = w;
            size[1] = h;
            return SelectionWindow.forSize(w, h);
        }, SelectionWindow.DARK_BELOW);
        int[] counts = new int[slices.size()];
        counts[0] = firstCount;
        java.util.stream.IntStream.range(1, slices.size()).parallel()
                .forEach(i -> counts[i] = darkCount(slices.get(i), size[0], size[1]));
        return verdicts(series, counts);
    }

    /** Applies the reference threshold to dark counts already measured (in series order). */
    public static SeriesSelection verdicts(Series series, int[] counts) {
        double threshold = threshold(counts);
        List<SliceVerdict> out = new java.util.ArrayList<>(counts.length);
        for (int i = 0; i < counts.length; i++) {
            out.add(new SliceVerdict(series.slices().get(i).name(), counts[i], counts[i] > threshold));
        }
        return new SeriesSelection(series, threshold, out);
    }

    /** (max - min) / 1.5, as the published code computes it. */
    public static double threshold(int[] counts) {
        int max = Integer.MIN_VALUE;
        int min = Integer.MAX_VALUE;
        for (int c : counts) {
            max = Math.max(max, c);
            min = Math.min(min, c);
        }
        return (max - min) / 1.5;
    }

    /** Dark pixels (value below {@link SelectionWindow#DARK_BELOW}) of a decoded window. */
    public static int countDark(CtSlice window) {
        int n = 0;
        for (short v : window.values()) {
            if ((v & 0xFFFF) < SelectionWindow.DARK_BELOW) {
                n++;
            }
        }
        return n;
    }

    /** Dark count of one slice that must be {@code width} x {@code height}. */
    static int darkCount(SliceSource s, int width, int height) {
        return s.countBelow((w, h) -> {
            if (w != width || h != height) {
                throw new CovidctException(s.file(), "slice is " + w + "x" + h + " but the series' first slice is "
                        + width + "x" + height + "; one series must have one size");
            }
            return SelectionWindow.forSize(w, h);
        }, SelectionWindow.DARK_BELOW);
    }
}
