package org.covidct.core.decision;

import org.covidct.core.CovidctException;

import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.TreeSet;

/**
 * The patient rule's fraction swept from 0 to 1: the counts at each fraction, the patient-level ROC curve
 * (a patient's score is the share of its kept slices called COVID) with its AUC, and the operating point
 * chosen on validation patients.
 *
 * <p>Patients without a kept slice have no score; they are left out of the ROC and the choice and
 * reported through {@link #undecided()}.
 */
public final class FractionSweep {

    /** One fraction of the sweep with the counts it gives. */
    public record Point(BigDecimal fraction, PatientCounts counts) {
        /** COVID patients called COVID / COVID patients (true positive rate). */
        public double covidSensitivity() {
            return counts.covidSensitivity();
        }

        /** Normal patients called COVID / normal patients (false positive rate). */
        public double falsePositiveRate() {
            return 1 - counts.normalSensitivity();
        }

        /** Youden's J = sensitivity + specificity - 1, the criterion of {@link #chooseOperatingPoint}. */
        public double youden() {
            return counts.covidSensitivity() + counts.normalSensitivity() - 1;
        }
    }

    /** A vertex of the ROC curve: at thresholds {@code >= share}. */
    public record RocPoint(double threshold, double falsePositiveRate, double truePositiveRate) {
    }

    private final List<PatientOutcome> scored;
    private final int undecided;

    private FractionSweep(List<PatientOutcome> outcomes) {
        this.scored = outcomes.stream().filter(o -> o.keptSlices() > 0).toList();
        this.undecided = outcomes.size() - scored.size();
    }

    public static FractionSweep of(List<PatientOutcome> outcomes) {
        return new FractionSweep(outcomes);
    }

    /** Patients left out because no slice was kept. */
    public int undecided() {
        return undecided;
    }

    /** The fractions 0, 1/steps, ..., 1 as exact decimals. */
    public static List<BigDecimal> grid(int steps) {
        if (steps < 1) {
            throw new IllegalArgumentException("steps must be positive");
        }
        List<BigDecimal> out = new ArrayList<>(steps + 1);
        for (int i = 0; i <= steps; i++) {
            out.add(BigDecimal.valueOf(i).divide(BigDecimal.valueOf(steps), 6, java.math.RoundingMode.HALF_EVEN)
                    .stripTrailingZeros());
        }
        return out;
    }

    /** Counts at every fraction of the grid. */
    public List<Point> sweep(List<BigDecimal> fractions) {
        List<Point> points = new ArrayList<>();
        for (BigDecimal f : fractions) {
            points.add(new Point(f, PatientCounts.tally(scored, PatientRule.of(f.toPlainString()))));
        }
        return points;
    }

    /**
     * The exact ROC curve: one vertex per distinct score, from (0,0) (no patient called COVID) to (1,1)
     * (every patient called COVID), ordered by increasing false positive rate.
     */
    public List<RocPoint> roc() {
        long positives = scored.stream().filter(PatientOutcome::trulyCovid).count();
        long negatives = scored.size() - positives;
        if (positives == 0 || negatives == 0) {
            throw new CovidctException("patient-level ROC needs both COVID and normal patients with kept slices (have "
                    + positives + " COVID, " + negatives + " normal)");
        }
        TreeSet<Double> shares = new TreeSet<>(Comparator.reverseOrder());
        scored.forEach(o -> shares.add(o.covidShare()));
        List<RocPoint> out = new ArrayList<>();
        out.add(new RocPoint(Double.POSITIVE_INFINITY, 0, 0));
        for (double t : shares) {
            long tp = scored.stream().filter(o -> o.trulyCovid() && o.covidShare() >= t).count();
            long fp = scored.stream().filter(o -> !o.trulyCovid() && o.covidShare() >= t).count();
            out.add(new RocPoint(t, fp / (double) negatives, tp / (double) positives));
        }
        return out;
    }

    /** Area under {@link #roc()} by the trapezoid rule (ties between classes count one half). */
    public double auc() {
        List<RocPoint> r = roc();
        double area = 0;
        for (int i = 1; i < r.size(); i++) {
            RocPoint a = r.get(i - 1);
            RocPoint b = r.get(i);
            area += (b.falsePositiveRate() - a.falsePositiveRate()) * (a.truePositiveRate() + b.truePositiveRate()) / 2;
        }
        return area;
    }

    /**
     * Picks the fraction of {@code fractions} with the highest Youden's J on these (validation) patients;
     * among equals, the one closest to the paper's 10%, then the smaller.
     */
    public Point chooseOperatingPoint(List<BigDecimal> fractions) {
        roc(); // same precondition: both classes present
        long positives = scored.stream().filter(PatientOutcome::trulyCovid).count();
        long negatives = scored.size() - positives;
        // J = ctp/P - cfp/N compared exactly as ctp*N - cfp*P, so equal J values tie exactly
        Comparator<Point> best = Comparator.comparingLong(
                        (Point p) -> p.counts().ctp() * negatives - p.counts().cfp() * positives)
                .thenComparing(p -> p.fraction().subtract(PatientRule.PAPER_FRACTION).abs(), Comparator.reverseOrder())
                .thenComparing(Point::fraction, Comparator.reverseOrder());
        return sweep(fractions).stream().max(best).orElseThrow();
    }
}
