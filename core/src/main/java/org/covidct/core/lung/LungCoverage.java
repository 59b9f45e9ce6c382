package org.covidct.core.lung;

import java.util.Arrays;
import java.util.Locale;

/**
 * Whether a series spans the lungs, from the lung area ({@link LungMask#areaCm2()}) of a few slices along it: a
 * whole chest sweep starts above the apex and ends at the bases, where the lungs are small or absent, and opens wide
 * in between. A series whose first or last sampled slice still shows more than {@link #END_SHARE} of the largest lung
 * area seen is cut inside the lungs (for example the apex only, or a lower half), so a verdict on its kept slices
 * would speak for part of the lungs only.
 *
 * <p>Measured on the shared COVID-CT-MD series (every slice segmented): the first and last slices hold 1% and 2% of
 * the largest area (P001), 0% and 0% (normal001), 0% and 13% (cap001); P001 cut to its first 20 slices ends at its
 * largest area (100%). The threshold of one quarter leaves room for scans that stop in the costophrenic recesses.
 *
 * @param positions sampled slice positions (0-based, increasing)
 * @param areasCm2  lung area of each sampled slice
 * @param slices    slices in the series
 */
public record LungCoverage(int[] positions, double[] areasCm2, int slices) {

    /** Largest share of the largest lung area an end slice may show for the series to span the lungs. */
    public static final double END_SHARE = 0.25;
    /**
     * Smallest largest-area that counts as lung at all: 20 cm2, far below a chest at mid level (150-380 cm2 on the
     * shared series) and above what airways or bowel gas leave.
     */
    public static final double MIN_OPEN_CM2 = 20;
    /** Slices sampled along a series (ends included). */
    public static final int SAMPLES = 9;

    public LungCoverage {
        positions = positions.clone();
        areasCm2 = areasCm2.clone();
        if (positions.length != areasCm2.length || positions.length == 0) {
            throw new IllegalArgumentException("one area per sampled position, at least one");
        }
    }

    /**
     * {@code count} positions spread evenly over {@code n} slices, first and last included (every slice when
     * {@code n <= count}).
     */
    public static int[] samplePositions(int n, int count) {
        if (n <= 0) {
            return new int[0];
        }
        if (n <= count) {
            int[] all = new int[n];
            Arrays.setAll(all, i -> i);
            return all;
        }
        return java.util.stream.IntStream.range(0, count)
                .map(k -> (int) Math.round(k * (n - 1) / (double) (count - 1))).distinct().toArray();
    }

    public double largestCm2() {
        return Arrays.stream(areasCm2).max().orElse(0);
    }

    private boolean startsAtFirstSlice() {
        return positions[0] == 0;
    }

    private boolean endsAtLastSlice() {
        return positions[positions.length - 1] == slices - 1;
    }

    /** True when the lungs are found and both ends of the series lie outside their wide part. */
    public boolean spansLungs() {
        return problem() == null;
    }

    /** Why the series does not span the lungs (one sentence), or null when it does. */
    public String problem() {
        double largest = largestCm2();
        if (largest < MIN_OPEN_CM2) {
            return String.format(Locale.ROOT, "no sampled slice shows open lung (largest lung area %.0f cm2 on %d "
                    + "sampled slices, at least %.0f expected): the series does not span the lungs", largest,
                    positions.length, MIN_OPEN_CM2);
        }
        double first = areasCm2[0];
        double last = areasCm2[areasCm2.length - 1];
        boolean openStart = startsAtFirstSlice() && first > END_SHARE * largest;
        boolean openEnd = endsAtLastSlice() && last > END_SHARE * largest;
        if (!openStart && !openEnd) {
            return null;
        }
        String where = openStart && openEnd ? "both its first and its last slice show"
                : openStart ? "its first slice shows" : "its last slice shows";
        double area = openStart && openEnd ? Math.max(first, last) : openStart ? first : last;
        return String.format(Locale.ROOT, "the series does not span the lungs: %s %.0f cm2 of lung, %.0f%% of the "
                        + "largest area seen (%.0f cm2; a whole sweep ends below %.0f%%), so it covers part of the lungs "
                        + "only", where, area, 100 * area / largest, largest, 100 * END_SHARE);
    }
}
