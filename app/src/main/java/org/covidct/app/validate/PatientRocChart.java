package org.covidct.app.validate;

import org.covidct.core.CovidctException;
import org.covidct.core.decision.FractionSweep;
import org.covidct.core.io.AtomicFiles;
import org.knowm.xchart.BitmapEncoder;
import org.knowm.xchart.XYChart;
import org.knowm.xchart.XYChartBuilder;
import org.knowm.xchart.XYSeries;
import org.knowm.xchart.style.markers.SeriesMarkers;

import java.awt.Color;
import java.io.IOException;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;

/** The patient-level ROC curve as a PNG, with the paper's 10% and the chosen operating point marked. */
final class PatientRocChart {

    private PatientRocChart() {
    }

    static void writePng(Path file, List<FractionSweep.RocPoint> roc, double auc, String title,
                         FractionSweep.Point paper, FractionSweep.Point chosen) {
        XYChart chart = new XYChartBuilder().width(640).height(600)
                .title(String.format(Locale.ROOT, "%s (patient AUC %.4f)", title, auc))
                .xAxisTitle("normal patients called COVID (false positive rate)")
                .yAxisTitle("COVID patients called COVID (sensitivity)").build();
        chart.getStyler().setXAxisMin(0.0).setXAxisMax(1.0).setYAxisMin(0.0).setYAxisMax(1.0);
        chart.getStyler().setChartBackgroundColor(Color.WHITE);
        double[] fpr = roc.stream().mapToDouble(FractionSweep.RocPoint::falsePositiveRate).toArray();
        double[] tpr = roc.stream().mapToDouble(FractionSweep.RocPoint::truePositiveRate).toArray();
        XYSeries curve = chart.addSeries("ROC over the COVID fraction", fpr, tpr);
        curve.setMarker(SeriesMarkers.CIRCLE);
        XYSeries chance = chart.addSeries("chance", new double[] {0, 1}, new double[] {0, 1});
        chance.setMarker(SeriesMarkers.NONE);
        chance.setLineColor(Color.LIGHT_GRAY);
        if (paper != null) {
            XYSeries p = chart.addSeries("paper's 10%", new double[] {paper.falsePositiveRate()},
                    new double[] {paper.covidSensitivity()});
            p.setMarker(SeriesMarkers.DIAMOND);
            p.setMarkerColor(new Color(0xC0392B));
        }
        if (chosen != null) {
            XYSeries c = chart.addSeries("chosen on validation: " + chosen.fraction().toPlainString(),
                    new double[] {chosen.falsePositiveRate()}, new double[] {chosen.covidSensitivity()});
            c.setMarker(SeriesMarkers.SQUARE);
            c.setMarkerColor(new Color(0x1F5FA8));
        }
        try {
            AtomicFiles.write(file, out -> BitmapEncoder.saveBitmap(chart, out, BitmapEncoder.BitmapFormat.PNG));
        } catch (IOException e) {
            throw new CovidctException(file, "cannot write (" + e.getMessage() + ")", e);
        }
    }
}
