package org.covidct.core.metrics;

import java.util.List;
import java.util.function.ToDoubleFunction;

/**
 * One row of the paper's first results table: a model's image accuracy, COVID sensitivity and normal
 * sensitivity in percent, each the mean over the folds (the paper averages per-fold figures, it does not pool
 * the slices). A fold where a figure is undefined (NaN) is left out of that figure's mean.
 *
 * @param model          model name
 * @param folds          number of folds averaged
 * @param imageAccPct    mean overall_acc x 100
 * @param covidSensPct   mean csens x 100
 * @param normalSensPct  mean nsens x 100
 */
public record FoldAverage(String model, int folds, double imageAccPct, double covidSensPct, double normalSensPct) {

    /** The header of the paper's table. */
    public static final List<String> COLUMNS = List.of("model", "image acc %", "COVID sens %", "normal sens %");

    /** Averages the per-fold metrics of one model. */
    public static FoldAverage of(String model, List<ImageMetrics> perFold) {
        if (perFold.isEmpty()) {
            throw new IllegalArgumentException("no folds to average for " + model);
        }
        return new FoldAverage(model, perFold.size(), meanPct(perFold, ImageMetrics::overallAcc),
                meanPct(perFold, ImageMetrics::csens), meanPct(perFold, ImageMetrics::nsens));
    }

    private static double meanPct(List<ImageMetrics> folds, ToDoubleFunction<ImageMetrics> metric) {
        return 100 * folds.stream().mapToDouble(metric).filter(v -> !Double.isNaN(v)).average().orElse(Double.NaN);
    }

    /** The rows as the paper prints them: a Markdown table with two decimals. */
    public static String toMarkdown(List<FoldAverage> rows) {
        StringBuilder sb = new StringBuilder("| " + String.join(" | ", COLUMNS) + " |\n|---|---|---|---|\n");
        for (FoldAverage r : rows) {
            sb.append("| ").append(r.model()).append(" | ").append(MetricsCsv.percent(r.imageAccPct())).append(" | ")
                    .append(MetricsCsv.percent(r.covidSensPct())).append(" | ")
                    .append(MetricsCsv.percent(r.normalSensPct())).append(" |\n");
        }
        return sb.toString();
    }
}
