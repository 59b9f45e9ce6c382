package org.covidct.app.report;

import java.awt.Color;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import org.covidct.app.io.OutputFiles;
import org.covidct.core.decision.FractionSweep;
import org.covidct.core.metrics.Roc;
import org.knowm.xchart.BitmapEncoder;
import org.knowm.xchart.XYChart;
import org.knowm.xchart.XYChartBuilder;
import org.knowm.xchart.XYSeries;
import org.knowm.xchart.style.markers.Marker;
import org.knowm.xchart.style.markers.SeriesMarkers;

/**
 * The one ROC chart of the project: a curve, the chance diagonal and marked operating points, drawn as a PNG
 * (evaluate, validate-patients) or as inline SVG (the demo's page). {@link #slices} is the image-level curve,
 * {@link #patients} the patient-level curve over the COVID fraction.
 */
public final class RocPlot {

    /** A labelled operating point; {@code colour} as {@code #rrggbb}. */
    public record Mark(double fpr, double tpr, String label, String colour) {
    }

    /**
     * The stretch of the curve between two operating points (the undecided band's edges): drawn as a thick segment.
     */
    public record Segment(Mark from, Mark to, String label, String colour) {
    }

    /** Tick labels with two decimals (XChart's default prints a double's full digits, e.g. 0.6666666666666667). */
    static final String TICK_PATTERN = "0.00";

    private static final String RED = "#c0392b";
    private static final String BLUE = "#1f5fa8";
    private static final String ORANGE = "#e08a00";

    private final String title;
    private final String xTitle;
    private final String yTitle;
    private final double[] fpr;
    private final double[] tpr;
    private final List<Mark> marks;
    private final List<Segment> segments;
    private final boolean pointMarkers;

    private RocPlot(String title, String xTitle, String yTitle, double[] fpr, double[] tpr, List<Mark> marks,
                    List<Segment> segments, boolean pointMarkers) {
        this.title = title;
        this.xTitle = xTitle;
        this.yTitle = yTitle;
        this.fpr = fpr;
        this.tpr = tpr;
        this.marks = List.copyOf(marks);
        this.segments = List.copyOf(segments);
        this.pointMarkers = pointMarkers;
    }

    /** The marks, in drawing order (for tests and pages that list them). */
    public List<Mark> marks() {
        return marks;
    }

    public List<Segment> segments() {
        return segments;
    }

    /** The image-level curve of a fold's test slices. */
    public static RocPlot slices(Roc roc, String title) {
        double[] fpr = roc.points().stream().mapToDouble(Roc.Point::fpr).toArray();
        double[] tpr = roc.points().stream().mapToDouble(Roc.Point::tpr).toArray();
        return new RocPlot(title, "false positive rate (normal called COVID)", "sensitivity (COVID called COVID)",
                fpr, tpr, List.of(), List.of(), false);
    }

    /**
     * The patient-level curve over the COVID fraction, with the rule's point ({@code atRule}, may be null) and the
     * point chosen on the validation patients ({@code chosen}, may be null) marked. Both are points of this (test)
     * curve at their fractions: when the validation patients chose the rule's own fraction they are one point, marked
     * once, and otherwise each label names its fraction.
     */
    public static RocPlot patients(List<FractionSweep.RocPoint> roc, String title, FractionSweep.Point atRule,
                                   FractionSweep.Point chosen) {
        return patients(roc, title, atRule, chosen, null, null, null);
    }

    /**
     * As {@link #patients(List, String, FractionSweep.Point, FractionSweep.Point)}, with the undecided band: the
     * stretch of the curve between the points at the band's edges ({@code bandLow} and {@code bandHigh}; both null
     * for no band), labelled with {@code bandLabel}.
     */
    public static RocPlot patients(List<FractionSweep.RocPoint> roc, String title, FractionSweep.Point atRule,
                                   FractionSweep.Point chosen, FractionSweep.Point bandLow, FractionSweep.Point bandHigh,
                                   String bandLabel) {
        double[] fpr = roc.stream().mapToDouble(FractionSweep.RocPoint::falsePositiveRate).toArray();
        double[] tpr = roc.stream().mapToDouble(FractionSweep.RocPoint::truePositiveRate).toArray();
        List<Mark> marks = new ArrayList<>();
        boolean same = atRule != null && chosen != null && atRule.fraction().compareTo(chosen.fraction()) == 0;
        if (atRule != null) {
            marks.add(new Mark(atRule.falsePositiveRate(), atRule.covidSensitivity(), same
                    ? "rule at " + percent(atRule) + " (paper's; also chosen on validation)"
                    : "rule at " + percent(atRule) + " (paper's)", RED));
        }
        if (chosen != null && !same) {
            marks.add(new Mark(chosen.falsePositiveRate(), chosen.covidSensitivity(),
                    percent(chosen) + " (chosen on validation patients)", BLUE));
        }
        List<Segment> segments = new ArrayList<>();
        if (bandLow != null && bandHigh != null) {
            segments.add(new Segment(
                    new Mark(bandLow.falsePositiveRate(), bandLow.covidSensitivity(), percent(bandLow), ORANGE),
                    new Mark(bandHigh.falsePositiveRate(), bandHigh.covidSensitivity(), percent(bandHigh), ORANGE),
                    bandLabel, ORANGE));
        }
        return new RocPlot(title, "normal patients called COVID (false positive rate)",
                "COVID patients called COVID (sensitivity)", fpr, tpr, marks, segments, true);
    }

    private static String percent(FractionSweep.Point p) {
        return p.fraction().movePointRight(2).stripTrailingZeros().toPlainString() + "%";
    }

    /** Writes the chart as a PNG, atomically. */
    public void writePng(Path file) {
        XYChart chart = chart();
        OutputFiles.write(file, out -> BitmapEncoder.saveBitmap(chart, out, BitmapEncoder.BitmapFormat.PNG));
    }

    /** The XChart chart the PNG is drawn from. */
    XYChart chart() {
        XYChart chart = new XYChartBuilder().width(640).height(600).title(title).xAxisTitle(xTitle).yAxisTitle(yTitle)
                .build();
        chart.getStyler().setXAxisMin(0.0).setXAxisMax(1.0).setYAxisMin(0.0).setYAxisMax(1.0);
        chart.getStyler().setXAxisDecimalPattern(TICK_PATTERN).setYAxisDecimalPattern(TICK_PATTERN);
        chart.getStyler().setLegendVisible(!marks.isEmpty() || !segments.isEmpty());
        chart.getStyler().setChartBackgroundColor(Color.WHITE);
        // an empty curve (one class only) still draws axes: XChart refuses a series without points
        XYSeries curve = chart.addSeries("ROC", fpr.length == 0 ? new double[1] : fpr,
                tpr.length == 0 ? new double[1] : tpr);
        curve.setMarker(pointMarkers ? SeriesMarkers.CIRCLE : SeriesMarkers.NONE);
        XYSeries chance = chart.addSeries("chance", new double[] {0, 1}, new double[] {0, 1});
        chance.setMarker(SeriesMarkers.NONE);
        chance.setLineColor(Color.LIGHT_GRAY);
        Marker[] shapes = {SeriesMarkers.DIAMOND, SeriesMarkers.SQUARE, SeriesMarkers.TRIANGLE_UP};
        for (int i = 0; i < marks.size(); i++) {
            Mark m = marks.get(i);
            XYSeries point = chart.addSeries(m.label(), new double[] {m.fpr()}, new double[] {m.tpr()});
            point.setMarker(shapes[i % shapes.length]);
            point.setMarkerColor(Color.decode(m.colour()));
        }
        for (Segment g : segments) {
            XYSeries band = chart.addSeries(g.label(), new double[] {g.from().fpr(), g.to().fpr()},
                    new double[] {g.from().tpr(), g.to().tpr()});
            band.setMarker(SeriesMarkers.CIRCLE);
            band.setLineColor(Color.decode(g.colour()));
            band.setMarkerColor(Color.decode(g.colour()));
            band.setLineWidth(5f);
        }
        return chart;
    }

    /** The chart as an inline SVG element (square plot, 360 px wide, the legend below the axes). */
    public String svg() {
        int size = 360;
        int left = 50;
        int top = 30;
        int plot = size - left - 20;
        int legendTop = top + plot + 50;
        int height = marks.isEmpty() && segments.isEmpty() ? size + 20 : legendTop + 14 * (marks.size() + segments.size());
        StringBuilder s = new StringBuilder();
        s.append(String.format(Locale.ROOT, "<svg xmlns='http://www.w3.org/2000/svg' viewBox='0 0 %d %d' width='%d' "
                + "style='background:#fff;border:1px solid #d5dbe1;border-radius:8px;font-family:sans-serif;font-size:11px'>",
                size, height, size));
        s.append(String.format(Locale.ROOT, "<text x='%d' y='18' font-size='12' fill='#1d2430'>%s</text>", left,
                Html.esc(title)));
        s.append(String.format(Locale.ROOT, "<rect x='%d' y='%d' width='%d' height='%d' fill='none' stroke='#5a6675'/>",
                left, top, plot, plot));
        s.append(String.format(Locale.ROOT, "<line x1='%d' y1='%d' x2='%d' y2='%d' stroke='#d5dbe1' "
                + "stroke-dasharray='4 3'/>", left, top + plot, left + plot, top));
        for (int k = 0; k <= 4; k++) {
            double v = k / 4.0;
            s.append(String.format(Locale.ROOT, "<text x='%.1f' y='%d' text-anchor='middle' fill='#5a6675'>%.2f</text>",
                    left + v * plot, top + plot + 14, v));
            s.append(String.format(Locale.ROOT, "<text x='%d' y='%.1f' text-anchor='end' fill='#5a6675'>%.2f</text>",
                    left - 4, top + plot - v * plot + 4, v));
        }
        s.append(String.format(Locale.ROOT, "<text x='%.1f' y='%d' text-anchor='middle' fill='#5a6675'>%s</text>",
                left + plot / 2.0, top + plot + 30, Html.esc(xTitle)));
        s.append(String.format(Locale.ROOT, "<text transform='translate(12 %.1f) rotate(-90)' text-anchor='middle' "
                + "fill='#5a6675'>%s</text>", top + plot / 2.0, Html.esc(yTitle)));
        StringBuilder path = new StringBuilder();
        for (int i = 0; i < fpr.length; i++) {
            path.append(i == 0 ? "M" : "L").append(String.format(Locale.ROOT, "%.2f %.2f ", left + fpr[i] * plot,
                    top + plot - tpr[i] * plot));
        }
        s.append("<path d='").append(path).append("' fill='none' stroke='").append(BLUE).append("' stroke-width='2'/>");
        int legendY = legendTop;
        for (Segment g : segments) {
            s.append(String.format(Locale.ROOT, "<line x1='%.1f' y1='%.1f' x2='%.1f' y2='%.1f' stroke='%s' "
                            + "stroke-width='6' stroke-linecap='round' stroke-opacity='0.7'/>",
                    left + g.from().fpr() * plot, top + plot - g.from().tpr() * plot, left + g.to().fpr() * plot,
                    top + plot - g.to().tpr() * plot, g.colour()));
            s.append(String.format(Locale.ROOT, "<rect x='%d' y='%d' width='10' height='5' fill='%s'/><text x='%d' "
                    + "y='%d' fill='#1d2430'>%s</text>", 16, legendY - 6, g.colour(), 30, legendY, Html.esc(g.label())));
            legendY += 14;
        }
        for (Mark m : marks) {
            double x = left + m.fpr() * plot;
            double y = top + plot - m.tpr() * plot;
            s.append(String.format(Locale.ROOT, "<circle cx='%.1f' cy='%.1f' r='5' fill='%s'/>", x, y, m.colour()));
            s.append(String.format(Locale.ROOT, "<circle cx='%d' cy='%d' r='4' fill='%s'/><text x='%d' y='%d' "
                    + "fill='#1d2430'>%s</text>", 21, legendY - 4, m.colour(), 30, legendY, Html.esc(m.label())));
            legendY += 14;
        }
        s.append("</svg>");
        return s.toString();
    }
}
