package org.covidct.core.sanity;

import org.covidct.core.image.CtSlice;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;

/**
 * Checks that a series looks like what the networks were trained on (COVID-CTset: 512 x 512 slices,
 * unsigned HU + 1024 values with air near 0, a whole chest sweep in which the lung opens and closes), so
 * that detection warns instead of deciding silently on input it was never meant for. Each finding is one
 * sentence for people; an empty list means nothing looked wrong.
 */
public final class SeriesSanity {

    /** Slice size of COVID-CTset and of the reference selection window. */
    public static final int EXPECTED_SIZE = 512;
    /** Fewer slices than this is far less than a chest sweep (SR_2 is mostly 6 mm: about 50 slices). */
    public static final int MIN_SWEEP_SLICES = 20;
    /** Stored values above this cannot be HU + 1024 of a CT (BitsStored 12; COVID-CTset stays near 5,000). */
    public static final int MAX_PLAUSIBLE_VALUE = 10_000;
    /** In HU + 1024, air is about 0-30; the darkest percent of a chest slice is air or lung. */
    public static final int MAX_PLAUSIBLE_AIR = 400;
    /**
     * A series in which no slice has this share of its selection window dark shows no lung there: 4%, which is
     * 1,000 of the 25,000 pixels of the window at 512 x 512 (the share, not a pixel count, so that the check means
     * the same at 128 px, where the window has 1,575 pixels).
     */
    public static final double MIN_LUNG_DARK_SHARE = 0.04;

    /** What a finding is about; some rule a verdict out ({@link #blocksDecision()}), the others only warn. */
    public enum Kind {
        FEW_SLICES(false),
        NO_LUNG_IN_WINDOW(true),
        OPEN_AT_START(false),
        OPEN_AT_END(false),
        MIXED_SIZES(false),
        UNUSUAL_SIZE(false),
        SIGNED_AS_UNSIGNED(true),
        EIGHT_BIT(true),
        AIR_OFFSET(true);

        private final boolean blocksDecision;

        Kind(boolean blocksDecision) {
            this.blocksDecision = blocksDecision;
        }

        /** True when the values or the window make the kept slices meaningless: no verdict can be given. */
        public boolean blocksDecision() {
            return blocksDecision;
        }
    }

    /** One finding: its kind and the sentence for people. */
    public record Finding(Kind kind, String message) {
    }

    private SeriesSanity() {
    }

    /** Dark pixels a slice needs in a window of {@code windowArea} pixels to show lung. */
    public static int minLungDarkPixels(int windowArea) {
        return Math.max(1, (int) Math.round(windowArea * MIN_LUNG_DARK_SHARE));
    }

    /** The findings' sentences (see {@link #findings}). */
    public static List<String> check(int[] darkCounts, boolean[] kept, int windowArea, List<CtSlice> samples) {
        return findings(darkCounts, kept, windowArea, samples).stream().map(Finding::message).toList();
    }

    /**
     * @param darkCounts  per slice in sweep order, the selection's dark-pixel counts
     * @param kept        per slice, whether the selection kept it
     * @param windowArea  pixels in the selection window (25,000 at 512 x 512)
     * @param samples     fully decoded slices to check values and sizes on (for example the kept ones)
     */
    public static List<Finding> findings(int[] darkCounts, boolean[] kept, int windowArea, List<CtSlice> samples) {
        List<Finding> warnings = new ArrayList<>();
        int n = darkCounts.length;
        if (n < MIN_SWEEP_SLICES) {
            warnings.add(new Finding(Kind.FEW_SLICES, "Only " + n + " slice" + (n == 1 ? "" : "s") + " in the series: a chest sweep has many more "
                    + "(about 50 at 6 mm). The selection threshold (max - min) / 1.5 assumes the lung opens and closes "
                    + "within the series; on a partial series it may drop slices that show lung."));
        }
        int maxDark = Arrays.stream(darkCounts).max().orElse(0);
        if (n > 0 && maxDark < minLungDarkPixels(windowArea)) {
            warnings.add(new Finding(Kind.NO_LUNG_IN_WINDOW, String.format(Locale.ROOT, "No slice shows lung in the selection window (at most %,d dark "
                    + "pixels of %,d): the field of view, the patient position or the value convention differs from "
                    + "COVID-CTset, and the kept slices are not meaningful.", maxDark, windowArea)));
        }
        if (n >= MIN_SWEEP_SLICES && n == kept.length) {
            if (kept[0]) {
                warnings.add(new Finding(Kind.OPEN_AT_START, "The first slice is kept (lung open): the series may not "
                        + "start above the lung apex, so it may not be a whole sweep."));
            }
            if (kept[n - 1]) {
                warnings.add(new Finding(Kind.OPEN_AT_END, "The last slice is kept (lung open): the series may not "
                        + "reach below the lung bases, so it may not be a whole sweep."));
            }
        }
        checkSlices(samples, warnings);
        return warnings;
    }

    private static void checkSlices(List<CtSlice> samples, List<Finding> warnings) {
        if (samples.isEmpty()) {
            return;
        }
        CtSlice first = samples.get(0);
        boolean mixed = samples.stream().anyMatch(s -> s.width() != first.width() || s.height() != first.height());
        if (mixed) {
            warnings.add(new Finding(Kind.MIXED_SIZES, "Slices of different sizes in one series: it may mix several series."));
        } else if (first.width() != EXPECTED_SIZE || first.height() != EXPECTED_SIZE) {
            warnings.add(new Finding(Kind.UNUSUAL_SIZE, "Slices are " + first.width() + " x " + first.height() + ", not " + EXPECTED_SIZE + " x "
                    + EXPECTED_SIZE + " as in COVID-CTset: the selection window is scaled and the network input resized, "
                    + "so results may differ from the paper's."));
        }
        int maxValue = 0;
        int[] airPercentiles = new int[samples.size()];
        for (int i = 0; i < samples.size(); i++) {
            CtSlice s = samples.get(i);
            int[] hist = new int[65536];
            short[] v = s.values();
            for (short x : v) {
                hist[x & 0xFFFF]++;
            }
            int top = 65535;
            while (top > 0 && hist[top] == 0) {
                top--;
            }
            maxValue = Math.max(maxValue, top);
            airPercentiles[i] = percentile(hist, v.length, 0.01);
        }
        Arrays.sort(airPercentiles);
        int medianAir = airPercentiles[airPercentiles.length / 2];
        if (maxValue > MAX_PLAUSIBLE_VALUE) {
            warnings.add(new Finding(Kind.SIGNED_AS_UNSIGNED, String.format(Locale.ROOT, "Values reach %,d: CT values in HU + 1024 stay below about 5,000. "
                    + "Signed values (negative HU) were probably read as unsigned; convert to HU + 1024 first.", maxValue)));
        } else if (maxValue <= 255) {
            warnings.add(new Finding(Kind.EIGHT_BIT, "Values never exceed 255: this looks like an 8-bit windowed "
                    + "image, not the raw 16-bit CT values the networks were trained on."));
        } else if (medianAir > MAX_PLAUSIBLE_AIR) {
            warnings.add(new Finding(Kind.AIR_OFFSET, String.format(Locale.ROOT, "Air does not read near 0 (darkest percent of the slices at %,d): "
                    + "the values do not look like HU + 1024 (air = 0); they may be offset differently.", medianAir)));
        }
    }

    private static int percentile(int[] hist, int total, double q) {
        long target = (long) Math.ceil(q * total);
        long seen = 0;
        for (int i = 0; i < hist.length; i++) {
            seen += hist[i];
            if (seen >= target && seen > 0) {
                return i;
            }
        }
        return 0;
    }
}
