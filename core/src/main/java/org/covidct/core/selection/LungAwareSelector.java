package org.covidct.core.selection;

import org.covidct.core.CovidctException;
import org.covidct.core.image.CtSlice;
import org.covidct.core.lung.LungCoverage;
import org.covidct.core.series.Series;
import org.covidct.core.series.SliceSource;

import java.util.ArrayList;
import java.util.List;
import java.util.stream.IntStream;

/**
 * A selection rule that does not depend on where the body lies in the image. The reference rule
 * counts dark pixels in a fixed window, so air outside a small or off-centre body counts as lung,
 * and a lung outside the window does not count at all. This rule counts, over the whole slice, the
 * dark pixels (value below 300, HU below -724) that are enclosed by the body: dark regions that touch
 * the image border (the air around the patient and under the table) are removed by a flood fill from
 * the border. What remains is the air in the lungs, airways and gut; the score of a slice is its size
 * in pixels, and a slice is kept when its score is strictly greater than {@code fraction} times the
 * series' largest score (the series' own lung curve, so one threshold fits every scanner and size).
 *
 * <p>The default fraction is {@link LungCoverage#END_SHARE}, one quarter: the same line the project draws between
 * the wide part of the lungs and their tapering ends when it checks that a series spans the chest. The lungs are
 * cone-shaped: the air they hold falls steadily from the hila toward the apex and, as the domes of the diaphragm
 * rise into the chest, toward the bases, so a slice at the bases holds a third or less of the mid-chest lung while
 * still showing the posterior lower lobes, where COVID-19 pneumonia is most often found (docs/SELECTION.md gives the
 * sources). An earlier default of 0.45 (chosen to keep as many slices as the reference rule) dropped those bases:
 * 11 of the 80 slices radiologists marked infected on the real COVID-CT-MD P001 sweep. Slices without lung (neck,
 * abdomen) hold enclosed air only in the airways, the gut and under the table, which on the shared sweeps stays below
 * one sixth of the series' largest score.
 */
public final class LungAwareSelector implements SliceSelector {

    public static final double DEFAULT_FRACTION = LungCoverage.END_SHARE;

    private final double fraction;

    public LungAwareSelector() {
        this(DEFAULT_FRACTION);
    }

    public LungAwareSelector(double fraction) {
        if (!(fraction > 0 && fraction < 1)) {
            throw new IllegalArgumentException("fraction must be in (0, 1), got " + fraction);
        }
        this.fraction = fraction;
    }

    @Override
    public String name() {
        return "lung-aware";
    }

    @Override
    public SeriesSelection select(Series series) {
        if (series.size() == 0) {
            throw new CovidctException(series.dir(), "series without slices");
        }
        List<SliceSource> slices = series.slices();
        int[] scores = IntStream.range(0, slices.size()).parallel()
                .map(i -> enclosedAir(slices.get(i).read())).toArray();
        int max = 0;
        for (int s : scores) {
            max = Math.max(max, s);
        }
        double threshold = fraction * max;
        List<SliceVerdict> out = new ArrayList<>(scores.length);
        for (int i = 0; i < scores.length; i++) {
            out.add(new SliceVerdict(slices.get(i).name(), scores[i], scores[i] > threshold));
        }
        return new SeriesSelection(series, threshold, out);
    }

    /** Dark pixels not connected (4-neighbourhood) to the image border through dark pixels. */
    public static int enclosedAir(CtSlice s) {
        int w = s.width();
        int h = s.height();
        short[] v = s.values();
        int n = w * h;
        boolean[] outside = new boolean[n];
        int[] stack = new int[n];
        int top = 0;
        for (int x = 0; x < w; x++) {
            top = seed(v, outside, stack, top, x);
            top = seed(v, outside, stack, top, (h - 1) * w + x);
        }
        for (int y = 0; y < h; y++) {
            top = seed(v, outside, stack, top, y * w);
            top = seed(v, outside, stack, top, y * w + w - 1);
        }
        while (top > 0) {
            int p = stack[--top];
            int x = p % w;
            if (x > 0) {
                top = seed(v, outside, stack, top, p - 1);
            }
            if (x < w - 1) {
                top = seed(v, outside, stack, top, p + 1);
            }
            if (p >= w) {
                top = seed(v, outside, stack, top, p - w);
            }
            if (p < n - w) {
                top = seed(v, outside, stack, top, p + w);
            }
        }
        int enclosed = 0;
        for (int p = 0; p < n; p++) {
            if (!outside[p] && (v[p] & 0xFFFF) < SelectionWindow.DARK_BELOW) {
                enclosed++;
            }
        }
        return enclosed;
    }

    private static int seed(short[] v, boolean[] outside, int[] stack, int top, int p) {
        if (!outside[p] && (v[p] & 0xFFFF) < SelectionWindow.DARK_BELOW) {
            outside[p] = true;
            stack[top++] = p;
        }
        return top;
    }
}
