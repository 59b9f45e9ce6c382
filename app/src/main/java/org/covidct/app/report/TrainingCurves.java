package org.covidct.app.report;

import org.covidct.app.io.OutputFiles;
import org.covidct.nn.train.EpochRecord;
import org.knowm.xchart.BitmapEncoder;
import org.knowm.xchart.XYChart;
import org.knowm.xchart.XYChartBuilder;
import org.knowm.xchart.XYSeries;
import org.knowm.xchart.style.markers.SeriesMarkers;

import java.awt.Color;
import java.nio.file.Path;
import java.util.List;

/**
 * Loss and accuracy per epoch of a training run, training and validation side by side, as a PNG: what a researcher
 * looks at first to see whether a run learnt, over-fitted or never took off. The kept (best-validation) epoch is
 * marked.
 */
public final class TrainingCurves {

    private TrainingCurves() {
    }

    /** Writes {@code loss} and {@code accuracy} charts side by side into one PNG (atomically). */
    public static void writePng(Path file, String title, List<EpochRecord> epochs) {
        if (epochs.isEmpty()) {
            throw new IllegalArgumentException("no epochs to draw");
        }
        XYChart loss = chart(title + ": loss", "loss");
        XYChart accuracy = chart(title + ": accuracy", "accuracy");
        accuracy.getStyler().setYAxisMin(0.0).setYAxisMax(1.0);
        double[] x = epochs.stream().mapToDouble(EpochRecord::epoch).toArray();
        add(loss, "training", x, epochs.stream().mapToDouble(EpochRecord::trainLoss).toArray(), new Color(0x1f5fa8));
        add(loss, "validation", x, epochs.stream().mapToDouble(EpochRecord::validationLoss).toArray(), new Color(0xe08a00));
        add(accuracy, "training", x, epochs.stream().mapToDouble(EpochRecord::trainAccuracy).toArray(),
                new Color(0x1f5fa8));
        add(accuracy, "validation", x, epochs.stream().mapToDouble(EpochRecord::validationAccuracy).toArray(),
                new Color(0xe08a00));
        epochs.stream().filter(EpochRecord::best).reduce((a, b) -> b).ifPresent(best -> {
            XYSeries kept = accuracy.addSeries("kept epoch " + best.epoch(), new double[] {best.epoch()},
                    new double[] {best.validationAccuracy()});
            kept.setMarker(SeriesMarkers.DIAMOND);
            kept.setMarkerColor(new Color(0xc0392b));
            kept.setLineColor(new Color(0xc0392b));
        });
        OutputFiles.write(file, out -> BitmapEncoder.saveBitmap(List.of(loss, accuracy), 1, 2, out,
                BitmapEncoder.BitmapFormat.PNG));
    }

    private static XYChart chart(String title, String yTitle) {
        XYChart c = new XYChartBuilder().width(480).height(360).title(title).xAxisTitle("epoch").yAxisTitle(yTitle)
                .build();
        c.getStyler().setChartBackgroundColor(Color.WHITE);
        c.getStyler().setXAxisDecimalPattern("0").setYAxisDecimalPattern(RocPlot.TICK_PATTERN);
        return c;
    }

    private static void add(XYChart c, String name, double[] x, double[] y, Color colour) {
        XYSeries s = c.addSeries(name, x, y);
        s.setMarker(SeriesMarkers.CIRCLE);
        s.setLineColor(colour);
        s.setMarkerColor(colour);
    }
}
