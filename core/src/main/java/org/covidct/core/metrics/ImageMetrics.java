package org.covidct.core.metrics;

import org.covidct.core.dataset.ClassLabel;

import java.util.List;
import java.util.Objects;

/**
 * Image-level test metrics of one fold, counted as the published COVID-CTset code does (REFERENCE section 5).
 * Writing "a-&gt;b" for a slice of class a predicted b:
 * tp = correct slices, fp = wrong slices; ctp = covid-&gt;covid, cfn = covid-&gt;normal, cfp = normal-&gt;covid;
 * ntp = normal-&gt;normal, nfn = normal-&gt;covid, nfp = covid-&gt;normal (so ctn = ntp and ntn = ctp).
 * overall_acc = tp/(tp+fp); csens = ctp/(ctp+cfn); cspec = ctn/(ctn+cfp); cprec = ctp/(ctp+cfp);
 * cacc = (ctp+ctn)/(ctp+ctn+cfp+cfn); the normal ones with the roles swapped.
 *
 * <p>A ratio whose denominator is zero (say, sensitivity on a test set without COVID slices) is NaN: it is
 * undefined, not 0 or 1. {@link MetricsCsv} writes it as an empty cell.
 */
public final class ImageMetrics {

    /** The columns of the per-fold CSV, in the published order. */
    public static final List<String> COLUMNS = List.of("model_name", "fold_num", "tp", "fp", "ctp", "cfn", "cfp",
            "ntp", "nfn", "nfp", "overall_acc", "cacc", "nacc", "csens", "nsens", "cspec", "nspec", "cprec", "nprec");

    private final String modelName;
    private final int fold;
    private final ConfusionMatrix matrix;

    private ImageMetrics(String modelName, int fold, ConfusionMatrix matrix) {
        this.modelName = Objects.requireNonNull(modelName, "modelName");
        this.fold = fold;
        this.matrix = Objects.requireNonNull(matrix, "matrix");
    }

    public static ImageMetrics of(String modelName, int fold, ConfusionMatrix matrix) {
        return new ImageMetrics(modelName, fold, matrix);
    }

    /** From the true and predicted class of every test slice. */
    public static ImageMetrics of(String modelName, int fold, List<ClassLabel> truth, List<ClassLabel> predicted) {
        return new ImageMetrics(modelName, fold, ConfusionMatrix.of(truth, predicted));
    }

    public String modelName() {
        return modelName;
    }

    public int fold() {
        return fold;
    }

    public ConfusionMatrix matrix() {
        return matrix;
    }

    public long tp() {
        return matrix.correct();
    }

    public long fp() {
        return matrix.total() - matrix.correct();
    }

    public long ctp() {
        return matrix.count(ClassLabel.COVID, ClassLabel.COVID);
    }

    public long cfn() {
        return matrix.count(ClassLabel.COVID, ClassLabel.NORMAL);
    }

    public long cfp() {
        return matrix.count(ClassLabel.NORMAL, ClassLabel.COVID);
    }

    public long ntp() {
        return matrix.count(ClassLabel.NORMAL, ClassLabel.NORMAL);
    }

    public long nfn() {
        return matrix.count(ClassLabel.NORMAL, ClassLabel.COVID);
    }

    public long nfp() {
        return matrix.count(ClassLabel.COVID, ClassLabel.NORMAL);
    }

    private long ctn() {
        return ntp();
    }

    private long ntn() {
        return ctp();
    }

    public double overallAcc() {
        return ratio(tp(), tp() + fp());
    }

    public double cacc() {
        return ratio(ctp() + ctn(), ctp() + ctn() + cfp() + cfn());
    }

    public double nacc() {
        return ratio(ntp() + ntn(), ntp() + ntn() + nfp() + nfn());
    }

    public double csens() {
        return ratio(ctp(), ctp() + cfn());
    }

    public double nsens() {
        return ratio(ntp(), ntp() + nfn());
    }

    public double cspec() {
        return ratio(ctn(), ctn() + cfp());
    }

    public double nspec() {
        return ratio(ntn(), ntn() + nfp());
    }

    public double cprec() {
        return ratio(ctp(), ctp() + cfp());
    }

    public double nprec() {
        return ratio(ntp(), ntp() + nfp());
    }

    /** The value of one column of {@link #COLUMNS}. */
    public Object value(String column) {
        return switch (column) {
            case "model_name" -> modelName;
            case "fold_num" -> fold;
            case "tp" -> tp();
            case "fp" -> fp();
            case "ctp" -> ctp();
            case "cfn" -> cfn();
            case "cfp" -> cfp();
            case "ntp" -> ntp();
            case "nfn" -> nfn();
            case "nfp" -> nfp();
            case "overall_acc" -> overallAcc();
            case "cacc" -> cacc();
            case "nacc" -> nacc();
            case "csens" -> csens();
            case "nsens" -> nsens();
            case "cspec" -> cspec();
            case "nspec" -> nspec();
            case "cprec" -> cprec();
            case "nprec" -> nprec();
            default -> throw new IllegalArgumentException("no column " + column);
        };
    }

    private static double ratio(long numerator, long denominator) {
        return denominator == 0 ? Double.NaN : (double) numerator / denominator;
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof ImageMetrics m && m.fold == fold && m.modelName.equals(modelName) && m.matrix.equals(matrix);
    }

    @Override
    public int hashCode() {
        return Objects.hash(modelName, fold, matrix);
    }

    @Override
    public String toString() {
        return "ImageMetrics[" + modelName + " fold " + fold + ", " + matrix + "]";
    }
}
