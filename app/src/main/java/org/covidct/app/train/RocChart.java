package org.covidct.app.train;

import org.covidct.core.CovidctException;
import org.covidct.core.io.AtomicFiles;
import org.covidct.core.metrics.Roc;
import org.knowm.xchart.BitmapEncoder;
import org.knowm.xchart.XYChart;
import org.knowm.xchart.XYChartBuilder;
import org.knowm.xchart.XYSeries;
import org.knowm.xchart.style.markers.SeriesMarkers;

import java.awt.Color;
import java.io.IOException;
import java.nio.file.Path;
import java.util.Locale;

/** Draws a ROC curve as a PNG (XChart), with the AUC in the title and the chance diagonal. */
final class RocChart {

    private RocChart() {
    }

    static void writePng(Path file, Roc roc, String title) {
        XYChart chart = new XYChartBuilder().width(640).height(600)
                .title(String.format(Locale.ROOT, "%s  (AUC %.4f, %d covid / %d normal)", title, roc.auc(),
                        roc.positives(), roc.negatives()))
                .xAxisTitle("false positive rate (normal called covid)")
                .yAxisTitle("true positive rate (covid sensitivity)").build();
        chart.getStyler().setXAxisMin(0.0).setXAxisMax(1.0).setYAxisMin(0.0).setYAxisMax(1.0);
        chart.getStyler().setLegendVisible(false);
        chart.getStyler().setChartBackgroundColor(Color.WHITE);
        int n = roc.points().size();
        double[] fpr = new double[Math.max(n, 1)];
        double[] tpr = new double[Math.max(n, 1)];
        for (int i = 0; i < n; i++) {
            fpr[i] = roc.points().get(i).fpr();
            tpr[i] = roc.points().get(i).tpr();
        }
        XYSeries curve = chart.addSeries("ROC", fpr, tpr);
        curve.setMarker(SeriesMarkers.NONE);
        XYSeries chance = chart.addSeries("chance", new double[] {0, 1}, new double[] {0, 1});
        chance.setMarker(SeriesMarkers.NONE);
        chance.setLineColor(Color.LIGHT_GRAY);
        try {
            AtomicFiles.write(file, out -> BitmapEncoder.saveBitmap(chart, out, BitmapEncoder.BitmapFormat.PNG));
        } catch (IOException e) {
            throw new CovidctException(file, "cannot write (" + e.getMessage() + ")", e);
        }
    }
}
