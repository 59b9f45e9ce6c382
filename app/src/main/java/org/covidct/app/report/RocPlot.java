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

    private static final String RED = "#c0392b";
    private static final String BLUE = "#1f5fa8";

    private final String title;
    private final String xTitle;
    private final String yTitle;
    private final double[] fpr;
    private final double[] tpr;
    private final List<Mark> marks;
    private final boolean pointMarkers;

    private RocPlot(String title, String xTitle, String yTitle, double[] fpr, double[] tpr, List<Mark> marks,
                    boolean pointMarkers) {
        this.title = title;
        this.xTitle = xTitle;
        this.yTitle = yTitle;
        this.fpr = fpr;
        this.tpr = tpr;
        this.marks = List.copyOf(marks);
        this.pointMarkers = pointMarkers;
    }

    /** The image-level curve of a fold's test slices. */
    public static RocPlot slices(Roc roc, String title) {
        double[] fpr = roc.points().stream().mapToDouble(Roc.Point::fpr).toArray();
        double[] tpr = roc.points().stream().mapToDouble(Roc.Point::tpr).toArray();
        return new RocPlot(title, "false positive rate (normal called COVID)", "sensitivity (COVID called COVID)",
                fpr, tpr, List.of(), false);
    }

    /**
     * The patient-level curve over the COVID fraction, with the rule's point ({@code atRule}, may be null) and the
     * point chosen on the validation patients ({@code chosen}, may be null) marked.
     */
    public static RocPlot patients(List<FractionSweep.RocPoint> roc, String title, FractionSweep.Point atRule,
                                   FractionSweep.Point chosen) {
        double[] fpr = roc.stream().mapToDouble(FractionSweep.RocPoint::falsePositiveRate).toArray();
        double[] tpr = roc.stream().mapToDouble(FractionSweep.RocPoint::truePositiveRate).toArray();
        List<Mark> marks = new ArrayList<>();
        if (atRule != null) {
            marks.add(new Mark(atRule.falsePositiveRate(), atRule.covidSensitivity(), "paper's 10%", RED));
        }
        if (chosen != null) {
            marks.add(new Mark(chosen.falsePositiveRate(), chosen.covidSensitivity(),
                    "chosen on validation: " + chosen.fraction().toPlainString(), BLUE));
        }
        return new RocPlot(title, "normal patients called COVID (false positive rate)",
                "COVID patients called COVID (sensitivity)", fpr, tpr, marks, true);
    }

    /** Writes the chart as a PNG, atomically. */
    public void writePng(Path file) {
        XYChart chart = new XYChartBuilder().width(640).height(600).title(title).xAxisTitle(xTitle).yAxisTitle(yTitle)
                .build();
        chart.getStyler().setXAxisMin(0.0).setXAxisMax(1.0).setYAxisMin(0.0).setYAxisMax(1.0);
        chart.getStyler().setLegendVisible(!marks.isEmpty());
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
        OutputFiles.write(file, out -> BitmapEncoder.saveBitmap(chart, out, BitmapEncoder.BitmapFormat.PNG));
    }

    /** The chart as an inline SVG element (square plot, 360 px wide). */
    public String svg() {
        int size = 360;
        int left = 50;
        int top = 30;
        int plot = size - left - 20;
        StringBuilder s = new StringBuilder();
        s.append(String.format(Locale.ROOT, "<svg xmlns='http://www.w3.org/2000/svg' viewBox='0 0 %d %d' width='%d' "
                + "style='background:#fff;border:1px solid #d5dbe1;border-radius:8px;font-family:sans-serif;font-size:11px'>",
                size, size + 20, size));
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
        int legendY = top + plot - 10 - 14 * (marks.size() - 1);
        for (Mark m : marks) {
            double x = left + m.fpr() * plot;
            double y = top + plot - m.tpr() * plot;
            s.append(String.format(Locale.ROOT, "<circle cx='%.1f' cy='%.1f' r='5' fill='%s'/>", x, y, m.colour()));
            s.append(String.format(Locale.ROOT, "<circle cx='%d' cy='%d' r='4' fill='%s'/><text x='%d' y='%d' "
                    + "fill='#1d2430'>%s</text>", left + plot - 170, legendY - 4, m.colour(), left + plot - 162, legendY,
                    Html.esc(m.label())));
            legendY += 14;
        }
        s.append("</svg>");
        return s.toString();
    }
}
