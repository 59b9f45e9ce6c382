package org.covidct.core.labels;

import org.covidct.core.dataset.ClassLabel;
import org.covidct.core.metrics.Roc;

import java.util.ArrayList;
import java.util.List;
import java.util.Set;

/**
 * Scores of a detector against the radiologists' slice labels.
 *
 * <p>The slice score is computed over the slices the pipeline classifies (the kept ones): the positives are a
 * COVID person's slices marked infected, the negatives that person's clean slices and every slice of a normal
 * person. A pneumonia that is not COVID is scored on its own ({@link SeriesScore#covidFraction()}): its infected
 * slices are neither a COVID lesion nor clean lung. A slice is called COVID when its probability reaches the
 * threshold (0.5 for the arg-max of two classes).
 */
public final class ExpertScoring {

    private final double threshold;
    private final List<ClassLabel> pooledTruth = new ArrayList<>();
    private final List<Double> pooledScores = new ArrayList<>();
    private final List<SeriesScore> series = new ArrayList<>();

    public ExpertScoring(double threshold) {
        if (!(threshold > 0 && threshold <= 1)) {
            throw new IllegalArgumentException("threshold " + threshold);
        }
        this.threshold = threshold;
    }

    /**
     * Adds one series. {@code labels} may be null for a normal person (every slice clean); a COVID or other
     * pneumonia series needs them, and every kept slice must have a label.
     */
    public SeriesScore add(String name, PersonClass person, SliceLabels labels, List<ScoredSlice> slices) {
        if (labels == null && person != PersonClass.NORMAL) {
            throw new IllegalArgumentException(name + ": a " + person.folder() + " series needs its slice labels");
        }
        int kept = 0;
        int infected = 0;
        int infectedKept = 0;
        int called = 0;
        int truePositives = 0;
        int trueNegatives = 0;
        int clean = 0;
        int camChecked = 0;
        int camHits = 0;
        int camOutside = 0;
        List<ClassLabel> truth = new ArrayList<>();
        List<Double> scores = new ArrayList<>();
        for (ScoredSlice s : slices) {
            SliceLabel label = labels == null ? new SliceLabel(s.instance(), false, Set.of())
                    : labels.of(s.instance()).orElse(null);
            if (label == null) {
                if (s.kept()) {
                    throw new IllegalArgumentException(name + ": kept slice " + s.instance() + " has no label in "
                            + labels.file());
                }
                continue;
            }
            if (label.infected()) {
                infected++;
            }
            if (!s.kept()) {
                continue;
            }
            kept++;
            boolean covid = s.pCovid() >= threshold;
            called += covid ? 1 : 0;
            if (label.infected()) {
                infectedKept++;
                truePositives += covid ? 1 : 0;
                if (s.camMade() && !label.sides().isEmpty()) {
                    camChecked++;
                    camHits += s.camPeak() != null && label.sides().contains(s.camPeak()) ? 1 : 0;
                    camOutside += s.camPeak() == null ? 1 : 0;
                }
            } else {
                clean++;
                trueNegatives += covid ? 0 : 1;
            }
            truth.add(label.infected() ? ClassLabel.COVID : ClassLabel.NORMAL);
            scores.add(s.pCovid());
        }
        double auc = auc(truth, scores);
        SeriesScore score = new SeriesScore(name, person, slices.size(), kept, infected, infectedKept, called, auc,
                rate(truePositives, infectedKept), rate(trueNegatives, clean), camChecked, camHits, camOutside);
        series.add(score);
        if (person != PersonClass.OTHER_PNEUMONIA) {
            pooledTruth.addAll(truth);
            pooledScores.addAll(scores);
        }
        return score;
    }

    public List<SeriesScore> series() {
        return List.copyOf(series);
    }

    /** The slice ROC over every COVID and normal series added so far (infected against clean). */
    public Roc pooledRoc() {
        double[] s = pooledScores.stream().mapToDouble(Double::doubleValue).toArray();
        return Roc.of(pooledTruth, s);
    }

    /** Kept infected slices of COVID persons called COVID / kept infected slices, pooled. */
    public double pooledSensitivity() {
        return pooledRate(ClassLabel.COVID);
    }

    /** Maps whose peak lies in a marked lung / kept infected slices with marked lobes and a map, over every series. */
    public double pooledCamHitRate() {
        int checked = series.stream().mapToInt(SeriesScore::camChecked).sum();
        int hits = series.stream().mapToInt(SeriesScore::camHits).sum();
        return rate(hits, checked);
    }

    /** Kept clean slices (COVID and normal persons) not called COVID / kept clean slices, pooled. */
    public double pooledSpecificity() {
        return pooledRate(ClassLabel.NORMAL);
    }

    private double pooledRate(ClassLabel of) {
        int n = 0;
        int right = 0;
        for (int i = 0; i < pooledTruth.size(); i++) {
            if (pooledTruth.get(i) == of) {
                n++;
                boolean covid = pooledScores.get(i) >= threshold;
                right += (covid == (of == ClassLabel.COVID)) ? 1 : 0;
            }
        }
        return rate(right, n);
    }

    private static double auc(List<ClassLabel> truth, List<Double> scores) {
        if (!truth.contains(ClassLabel.COVID) || !truth.contains(ClassLabel.NORMAL)) {
            return Double.NaN;
        }
        return Roc.of(truth, scores.stream().mapToDouble(Double::doubleValue).toArray()).auc();
    }

    private static double rate(int numerator, int denominator) {
        return denominator == 0 ? Double.NaN : (double) numerator / denominator;
    }
}
