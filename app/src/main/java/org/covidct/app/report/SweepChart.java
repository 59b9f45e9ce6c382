package org.covidct.app.report;

import java.util.Locale;

/**
 * The sweep as inline SVG: above, the selection's dark-pixel count per slice with its threshold; below,
 * the COVID probability of every kept slice with the 0.5 line above which a slice is called COVID.
 */
public final class SweepChart {

    private static final int W = 1100;
    private static final int LEFT = 70;
    private static final int RIGHT = 20;
    private static final int PANEL = 150;
    private static final int GAP = 50;
    private static final int TOP = 24;

    private SweepChart() {
    }

    /**
     * @param darkCounts per slice
     * @param kept       per slice
     * @param pCovid     per slice, NaN for dropped slices
     * @param selectionThreshold the selection threshold (NaN when selection is off)
     */
    public static String svg(int[] darkCounts, boolean[] kept, double[] pCovid, double selectionThreshold) {
        return svg(darkCounts, kept, pCovid, selectionThreshold, null);
    }

    /**
     * @param infected per slice, whether radiologists marked infection on it (shaded behind the probability curve),
     *                 or null without labels
     */
    public static String svg(int[] darkCounts, boolean[] kept, double[] pCovid, double selectionThreshold,
                             boolean[] infected) {
        int n = darkCounts.length;
        int h = TOP + PANEL + GAP + PANEL + 40;
        double plotW = W - LEFT - RIGHT;
        double step = plotW / Math.max(1, n);
        int maxDark = 1;
        for (int d : darkCounts) {
            maxDark = Math.max(maxDark, d);
        }
        StringBuilder s = new StringBuilder();
        s.append(String.format(Locale.ROOT, "<svg xmlns='http://www.w3.org/2000/svg' viewBox='0 0 %d %d' width='100%%' "
                + "role='img' aria-label='dark pixel count and COVID probability along the sweep' "
                + "style='background:#fff;border:1px solid #d5dbe1;border-radius:8px;font-family:sans-serif;font-size:12px'>", W, h));
        // panel 1: dark counts
        int y0 = TOP;
        s.append(text(LEFT, y0 - 8, "start", "#1d2430", "Lung visible in the selection window (pixels below 300 = air/lung)"));
        axis(s, y0, maxDark, true);
        for (int i = 0; i < n; i++) {
            double bh = PANEL * darkCounts[i] / (double) maxDark;
            s.append(String.format(Locale.ROOT, "<rect x='%.2f' y='%.2f' width='%.2f' height='%.2f' fill='%s'/>",
                    LEFT + i * step + step * 0.1, y0 + PANEL - bh, Math.max(0.5, step * 0.8), bh, kept[i] ? "#2e7d32" : "#b8c0c8"));
        }
        if (!Double.isNaN(selectionThreshold)) {
            double ty = y0 + PANEL - PANEL * Math.min(1, selectionThreshold / maxDark);
            s.append(String.format(Locale.ROOT, "<line x1='%d' x2='%d' y1='%.2f' y2='%.2f' stroke='#1d2430' stroke-dasharray='6 4'/>",
                    LEFT, W - RIGHT, ty, ty));
            s.append(text(W - RIGHT - 4, ty - 4, "end", "#1d2430",
                    String.format(Locale.ROOT, "selection threshold %.0f: slices above are kept", selectionThreshold)));
        }
        // panel 2: probabilities
        int y1 = TOP + PANEL + GAP;
        s.append(text(LEFT, y1 - 8, "start", "#1d2430", "COVID probability of each kept slice"
                + (infected == null ? "" : " over the slices the radiologists marked infected (orange)")));
        if (infected != null) {
            for (int i = 0; i < n; i++) {
                if (infected[i]) {
                    s.append(String.format(Locale.ROOT, "<rect class='infected' x='%.2f' y='%d' width='%.2f' height='%d' "
                            + "fill='#f39c12' fill-opacity='0.25'><title>slice %d: radiologists marked infection</title>"
                            + "</rect>", LEFT + i * step, y1, step, PANEL, i + 1));
                }
            }
        }
        axis(s, y1, 1, false);
        double half = y1 + PANEL / 2.0;
        s.append(String.format(Locale.ROOT, "<line x1='%d' x2='%d' y1='%.2f' y2='%.2f' stroke='#c0392b' stroke-dasharray='6 4'/>",
                LEFT, W - RIGHT, half, half));
        s.append(text(W - RIGHT - 4, half - 4, "end", "#c0392b", "0.5: slices above are called COVID"));
        StringBuilder path = new StringBuilder();
        for (int i = 0; i < n; i++) {
            if (Double.isNaN(pCovid[i])) {
                continue;
            }
            double x = LEFT + (i + 0.5) * step;
            double y = y1 + PANEL * (1 - pCovid[i]);
            path.append(path.length() == 0 ? "M" : "L").append(String.format(Locale.ROOT, "%.2f %.2f ", x, y));
        }
        if (path.length() > 0) {
            s.append("<path d='").append(path).append("' fill='none' stroke='#7f8c99' stroke-width='1'/>");
        }
        for (int i = 0; i < n; i++) {
            if (Double.isNaN(pCovid[i])) {
                continue;
            }
            double x = LEFT + (i + 0.5) * step;
            double y = y1 + PANEL * (1 - pCovid[i]);
            s.append(String.format(Locale.ROOT, "<circle cx='%.2f' cy='%.2f' r='%.1f' fill='%s'><title>slice %d: p=%.3f</title></circle>",
                    x, y, Math.max(1.5, Math.min(4, step / 2.5)), pCovid[i] >= 0.5 ? "#c0392b" : "#1f5fa8", i + 1, pCovid[i]));
        }
        // x axis labels
        int yx = y1 + PANEL + 18;
        int every = Math.max(1, (int) Math.ceil(n / 20.0));
        for (int i = 0; i < n; i += every) {
            s.append(text(LEFT + (i + 0.5) * step, yx, "middle", "#5a6675", Integer.toString(i + 1)));
        }
        s.append(text(LEFT + plotW / 2, yx + 16, "middle", "#5a6675", "slice position along the sweep (1 = first slice of the series)"));
        s.append("</svg>");
        return s.toString();
    }

    private static void axis(StringBuilder s, int y0, double max, boolean integer) {
        s.append(String.format(Locale.ROOT, "<line x1='%d' x2='%d' y1='%d' y2='%d' stroke='#5a6675'/>", LEFT, W - RIGHT, y0 + PANEL, y0 + PANEL));
        s.append(String.format(Locale.ROOT, "<line x1='%d' x2='%d' y1='%d' y2='%d' stroke='#5a6675'/>", LEFT, LEFT, y0, y0 + PANEL));
        for (int k = 0; k <= 2; k++) {
            double v = max * k / 2.0;
            double y = y0 + PANEL - PANEL * k / 2.0;
            s.append(text(LEFT - 6, y + 4, "end", "#5a6675",
                    integer ? String.format(Locale.ROOT, "%,d", Math.round(v)) : String.format(Locale.ROOT, "%.1f", v)));
        }
    }

    private static String text(double x, double y, String anchor, String colour, String t) {
        return String.format(Locale.ROOT, "<text x='%.1f' y='%.1f' text-anchor='%s' fill='%s' style='paint-order:stroke;stroke:#fff;stroke-width:4px'>%s</text>", x, y, anchor, colour, Html.esc(t));
    }
}
