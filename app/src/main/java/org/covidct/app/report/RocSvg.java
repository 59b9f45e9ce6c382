package org.covidct.app.report;

import java.util.Locale;

/** A ROC curve as inline SVG (square plot, chance diagonal, optional marked points). */
public final class RocSvg {

    /** A labelled point on the plot. */
    public record Mark(double fpr, double tpr, String label, String colour) {
    }

    private RocSvg() {
    }

    public static String svg(double[] fpr, double[] tpr, String title, Mark... marks) {
        int size = 360;
        int left = 50;
        int top = 30;
        int plot = size - left - 20;
        StringBuilder s = new StringBuilder();
        s.append(String.format(Locale.ROOT, "<svg xmlns='http://www.w3.org/2000/svg' viewBox='0 0 %d %d' width='%d' "
                + "style='background:#fff;border:1px solid #d5dbe1;border-radius:8px;font-family:sans-serif;font-size:11px'>",
                size, size + 20, size));
        s.append(String.format(Locale.ROOT, "<text x='%d' y='18' font-size='12' fill='#1d2430'>%s</text>", left, Html.esc(title)));
        s.append(String.format(Locale.ROOT, "<rect x='%d' y='%d' width='%d' height='%d' fill='none' stroke='#5a6675'/>",
                left, top, plot, plot));
        s.append(String.format(Locale.ROOT, "<line x1='%d' y1='%d' x2='%d' y2='%d' stroke='#d5dbe1' stroke-dasharray='4 3'/>",
                left, top + plot, left + plot, top));
        for (int k = 0; k <= 4; k++) {
            double v = k / 4.0;
            s.append(String.format(Locale.ROOT, "<text x='%.1f' y='%d' text-anchor='middle' fill='#5a6675'>%.2f</text>",
                    left + v * plot, top + plot + 14, v));
            s.append(String.format(Locale.ROOT, "<text x='%d' y='%.1f' text-anchor='end' fill='#5a6675'>%.2f</text>",
                    left - 4, top + plot - v * plot + 4, v));
        }
        s.append(String.format(Locale.ROOT, "<text x='%.1f' y='%d' text-anchor='middle' fill='#5a6675'>false positive rate "
                + "(normal called COVID)</text>", left + plot / 2.0, top + plot + 30));
        s.append(String.format(Locale.ROOT, "<text transform='translate(12 %.1f) rotate(-90)' text-anchor='middle' "
                + "fill='#5a6675'>sensitivity (COVID called COVID)</text>", top + plot / 2.0));
        StringBuilder path = new StringBuilder();
        for (int i = 0; i < fpr.length; i++) {
            path.append(i == 0 ? "M" : "L").append(String.format(Locale.ROOT, "%.2f %.2f ", left + fpr[i] * plot,
                    top + plot - tpr[i] * plot));
        }
        s.append("<path d='").append(path).append("' fill='none' stroke='#1f5fa8' stroke-width='2'/>");
        int legendY = top + plot - 10 - 14 * (marks.length - 1);
        for (Mark m : marks) {
            double x = left + m.fpr() * plot;
            double y = top + plot - m.tpr() * plot;
            s.append(String.format(Locale.ROOT, "<circle cx='%.1f' cy='%.1f' r='5' fill='%s'/>", x, y, m.colour()));
            s.append(String.format(Locale.ROOT, "<circle cx='%d' cy='%d' r='4' fill='%s'/><text x='%d' y='%d' fill='#1d2430'>%s</text>",
                    left + plot - 170, legendY - 4, m.colour(), left + plot - 162, legendY, Html.esc(m.label())));
            legendY += 14;
        }
        s.append("</svg>");
        return s.toString();
    }
}
