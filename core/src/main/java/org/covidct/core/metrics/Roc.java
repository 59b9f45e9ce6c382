package org.covidct.core.metrics;

import org.covidct.core.dataset.ClassLabel;
import org.covidct.core.io.CsvTables;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * ROC curve of the COVID class from the network's COVID probability: a slice is called COVID when
 * p_covid &gt;= threshold. Slices with equal scores enter the curve together (one point per distinct score), so
 * the curve never depends on their order, and the area under it equals the Mann-Whitney probability that a
 * COVID slice scores above a normal one, ties counting one half.
 *
 * <p>With no COVID or no normal slice the rates are undefined: the curve is empty and the AUC NaN.
 */
public final class Roc {

    /**
     * One operating point.
     *
     * @param threshold the lowest score called COVID ({@code +Infinity} for the point that calls nothing COVID)
     * @param fpr       normal slices called COVID / normal slices
     * @param tpr       COVID slices called COVID / COVID slices
     */
    public record Point(double threshold, double fpr, double tpr) {
    }

    private final List<Point> points;
    private final double auc;
    private final int positives;
    private final int negatives;

    private Roc(List<Point> points, double auc, int positives, int negatives) {
        this.points = List.copyOf(points);
        this.auc = auc;
        this.positives = positives;
        this.negatives = negatives;
    }

    /**
     * Builds the curve from each slice's true class and COVID probability (same order, same length). A score
     * that is NaN is an error: it would silently land at one end of the curve.
     */
    public static Roc of(List<ClassLabel> truth, double[] pCovid) {
        if (truth.size() != pCovid.length) {
            throw new IllegalArgumentException(truth.size() + " labels but " + pCovid.length + " scores");
        }
        int n = pCovid.length;
        Integer[] order = new Integer[n];
        int positives = 0;
        for (int i = 0; i < n; i++) {
            if (Double.isNaN(pCovid[i])) {
                throw new IllegalArgumentException("score " + i + " is NaN");
            }
            order[i] = i;
            if (truth.get(i) == ClassLabel.COVID) {
                positives++;
            }
        }
        int negatives = n - positives;
        if (positives == 0 || negatives == 0) {
            return new Roc(List.of(), Double.NaN, positives, negatives);
        }
        Arrays.sort(order, (a, b) -> Double.compare(pCovid[b], pCovid[a]));
        List<Point> points = new ArrayList<>();
        points.add(new Point(Double.POSITIVE_INFINITY, 0, 0));
        long tp = 0;
        long fp = 0;
        double area2 = 0; // twice the area in count units: sum over steps of (fp step) * (tp before + tp after)
        int i = 0;
        while (i < n) {
            double score = pCovid[order[i]];
            long tpBefore = tp;
            long fpBefore = fp;
            while (i < n && pCovid[order[i]] == score) {
                if (truth.get(order[i]) == ClassLabel.COVID) {
                    tp++;
                } else {
                    fp++;
                }
                i++;
            }
            area2 += (double) (fp - fpBefore) * (tp + tpBefore);
            points.add(new Point(score, (double) fp / negatives, (double) tp / positives));
        }
        return new Roc(points, area2 / 2 / ((double) positives * negatives), positives, negatives);
    }

    /** The points from (0,0) to (1,1), thresholds descending. */
    public List<Point> points() {
        return points;
    }

    /** Area under the curve (trapezoids between points), NaN without both classes. */
    public double auc() {
        return auc;
    }

    public int positives() {
        return positives;
    }

    public int negatives() {
        return negatives;
    }

    /** Writes {@code threshold,fpr,tpr} rows (the first threshold is written {@code inf}). */
    public void writeCsv(Path file) {
        CsvTables.write(file, printer -> {
            printer.printRecord("threshold", "fpr", "tpr");
            for (Point p : points) {
                printer.printRecord(Double.isInfinite(p.threshold()) ? "inf" : MetricsCsv.ratio(p.threshold()),
                        MetricsCsv.ratio(p.fpr()), MetricsCsv.ratio(p.tpr()));
            }
        });
    }
}
