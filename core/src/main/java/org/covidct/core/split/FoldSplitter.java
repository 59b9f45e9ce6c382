package org.covidct.core.split;

import org.covidct.core.CovidctException;
import org.covidct.core.dataset.ClassLabel;
import org.covidct.core.dataset.FoldSet;
import org.covidct.core.dataset.LabelledSlice;
import org.covidct.core.dataset.PatientDetail;
import org.covidct.core.dataset.PatientDetails;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import java.util.Random;
import java.util.Set;
import java.util.function.Predicate;

/**
 * Patient-wise k-fold protocol of COVID-CTset (REFERENCE section 1), deterministic for a seed:
 * <ul>
 *   <li>COVID patients are dealt into k test groups of equal patient count, each patient going to the group
 *       with the fewest test images so far, so every COVID patient is tested in exactly one fold;</li>
 *   <li>in fold k the other COVID patients are fitted (train + validation); normal patients are drawn in random
 *       order into fitting until the normal fitting images reach the COVID fitting images (a patient that would
 *       overshoot by more than the tolerance is skipped); every other normal patient is tested;</li>
 *   <li>validation patients are carved out of the fitting patients of each class, about the validation fraction
 *       of each class' fitting images; they are never test patients.</li>
 * </ul>
 * The published fold CSVs appear to draw their validation slices from the test slices; this splitter does not.
 */
public final class FoldSplitter {

    private final int folds;
    private final long seed;
    private final double validationFraction;
    private final double balanceTolerance;

    private FoldSplitter(Builder b) {
        this.folds = b.folds;
        this.seed = b.seed;
        this.validationFraction = b.validationFraction;
        this.balanceTolerance = b.balanceTolerance;
    }

    public static Builder builder() {
        return new Builder();
    }

    public int folds() {
        return folds;
    }

    public long seed() {
        return seed;
    }

    public double validationFraction() {
        return validationFraction;
    }

    public double balanceTolerance() {
        return balanceTolerance;
    }

    /**
     * Splits the slices of an index (all.csv) into folds. {@code details} (may be null) is checked against the
     * index: every indexed patient must be listed, with the same class.
     *
     * @param indexFile   where the index was read from, for messages
     * @param detailsFile where the details were read from, for messages
     */
    public List<FoldSet> split(List<LabelledSlice> index, Path indexFile, PatientDetails details, Path detailsFile) {
        SlicePatients patients = SlicePatients.of(index, indexFile);
        if (details != null) {
            for (SlicePatients.Patient p : patients.all()) {
                Optional<PatientDetail> d = details.get(p.id());
                if (d.isEmpty()) {
                    throw new CovidctException(detailsFile, "patient " + p.id() + " of " + indexFile + " is not listed");
                }
                if (d.get().infection() != p.label()) {
                    throw new CovidctException(detailsFile, "patient " + p.id() + " is " + d.get().infection()
                            + " here but " + p.label() + " in " + indexFile);
                }
            }
        }
        List<SlicePatients.Patient> covid = patients.of(ClassLabel.COVID);
        List<SlicePatients.Patient> normal = patients.of(ClassLabel.NORMAL);
        if (covid.size() < folds) {
            throw new CovidctException(indexFile, covid.size() + " COVID patients cannot be tested in " + folds
                    + " folds (at least one per fold)");
        }
        if (normal.isEmpty()) {
            throw new CovidctException(indexFile, "no normal patients");
        }
        List<Set<String>> covidTest = dealCovidTestGroups(covid);
        List<String> rowPatient = index.stream().map(s -> s.flatName().patientId()).toList();
        List<FoldSet> result = new ArrayList<>();
        for (int k = 1; k <= folds; k++) {
            Random rng = new Random(foldSeed(k));
            Set<String> testedCovid = covidTest.get(k - 1);
            List<SlicePatients.Patient> fitCovid = covid.stream().filter(p -> !testedCovid.contains(p.id())).toList();
            int covidImages = images(fitCovid);
            List<SlicePatients.Patient> fitNormal = drawNormalFitting(normal, covidImages, rng, k, indexFile);
            Set<String> validation = new HashSet<>();
            validation.addAll(carveValidation(fitCovid, rng));
            validation.addAll(carveValidation(fitNormal, rng));
            Set<String> fitting = new HashSet<>(ids(fitCovid));
            fitting.addAll(ids(fitNormal));
            result.add(new FoldSet(k,
                    rows(index, rowPatient, p -> fitting.contains(p) && !validation.contains(p)),
                    rows(index, rowPatient, validation::contains),
                    rows(index, rowPatient, p -> !fitting.contains(p))));
        }
        return result;
    }

    /**
     * Deals the shuffled COVID patients round-robin into k test groups (equal patient counts), then swaps
     * patients between the groups with the most and the fewest images while that narrows the gap, so each fold
     * also tests about a k-th of the COVID images.
     */
    private List<Set<String>> dealCovidTestGroups(List<SlicePatients.Patient> covid) {
        List<SlicePatients.Patient> order = new ArrayList<>(covid);
        Collections.shuffle(order, new Random(seed));
        List<List<SlicePatients.Patient>> groups = new ArrayList<>();
        for (int k = 0; k < folds; k++) {
            groups.add(new ArrayList<>());
        }
        for (int i = 0; i < order.size(); i++) {
            groups.get(i % folds).add(order.get(i));
        }
        for (int round = 0; round < 100 * covid.size(); round++) {
            int hi = 0;
            int lo = 0;
            for (int k = 1; k < folds; k++) {
                if (images(groups.get(k)) > images(groups.get(hi))) {
                    hi = k;
                }
                if (images(groups.get(k)) < images(groups.get(lo))) {
                    lo = k;
                }
            }
            int gap = images(groups.get(hi)) - images(groups.get(lo));
            // the swap moving d = a - b images brings the two groups to a gap of |gap - 2d|
            int bestA = -1;
            int bestB = -1;
            int bestGap = gap;
            for (int a = 0; a < groups.get(hi).size(); a++) {
                for (int b = 0; b < groups.get(lo).size(); b++) {
                    int d = groups.get(hi).get(a).images() - groups.get(lo).get(b).images();
                    int newGap = Math.abs(gap - 2 * d);
                    if (d > 0 && newGap < bestGap) {
                        bestGap = newGap;
                        bestA = a;
                        bestB = b;
                    }
                }
            }
            if (bestA < 0) {
                break;
            }
            SlicePatients.Patient a = groups.get(hi).get(bestA);
            groups.get(hi).set(bestA, groups.get(lo).get(bestB));
            groups.get(lo).set(bestB, a);
        }
        List<Set<String>> ids = new ArrayList<>();
        groups.forEach(g -> ids.add(new HashSet<>(ids(g))));
        return ids;
    }

    private List<SlicePatients.Patient> drawNormalFitting(List<SlicePatients.Patient> normal, int target, Random rng,
                                                          int fold, Path indexFile) {
        List<SlicePatients.Patient> order = new ArrayList<>(normal);
        Collections.shuffle(order, rng);
        double ceiling = target * (1 + balanceTolerance);
        List<SlicePatients.Patient> drawn = new ArrayList<>();
        int total = 0;
        for (SlicePatients.Patient p : order) {
            if (total >= target) {
                break;
            }
            if (total + p.images() <= ceiling) {
                drawn.add(p);
                total += p.images();
            }
        }
        if (total < target * (1 - balanceTolerance)) {
            throw new CovidctException(indexFile, "fold " + fold + ": the normal patients hold only " + total
                    + " images to balance " + target + " COVID fitting images");
        }
        if (drawn.size() == normal.size()) {
            throw new CovidctException(indexFile, "fold " + fold + ": balancing uses every normal patient, none is left"
                    + " to test");
        }
        return drawn;
    }

    /** Patients (IDs) of one class moved from fitting to validation; at least one, never all. */
    private Set<String> carveValidation(List<SlicePatients.Patient> fitting, Random rng) {
        Set<String> chosen = new HashSet<>();
        if (fitting.size() < 2) {
            return chosen;
        }
        List<SlicePatients.Patient> order = new ArrayList<>(fitting);
        Collections.shuffle(order, rng);
        double target = validationFraction * images(fitting);
        int total = 0;
        for (SlicePatients.Patient p : order) {
            if ((total >= target && !chosen.isEmpty()) || chosen.size() == fitting.size() - 1) {
                break;
            }
            chosen.add(p.id());
            total += p.images();
        }
        return chosen;
    }

    private long foldSeed(int fold) {
        // distinct, well-mixed stream per fold (SplitMix64 finaliser)
        long z = seed + 0x9E3779B97F4A7C15L * fold;
        z = (z ^ (z >>> 30)) * 0xBF58476D1CE4E5B9L;
        z = (z ^ (z >>> 27)) * 0x94D049BB133111EBL;
        return z ^ (z >>> 31);
    }

    private static int images(List<SlicePatients.Patient> patients) {
        return patients.stream().mapToInt(SlicePatients.Patient::images).sum();
    }

    private static List<String> ids(List<SlicePatients.Patient> patients) {
        return patients.stream().map(SlicePatients.Patient::id).toList();
    }

    /** The rows whose patient passes {@code keep}, in index order. */
    private static List<LabelledSlice> rows(List<LabelledSlice> index, List<String> rowPatient, Predicate<String> keep) {
        List<LabelledSlice> kept = new ArrayList<>();
        for (int i = 0; i < index.size(); i++) {
            if (keep.test(rowPatient.get(i))) {
                kept.add(index.get(i));
            }
        }
        return kept;
    }

    /** Options of a {@link FoldSplitter}; every one has a default. */
    public static final class Builder {
        private int folds = 5;
        private long seed = 1;
        private double validationFraction = 0.1;
        private double balanceTolerance = 0.10;

        private Builder() {
        }

        /** Number of folds (default 5, as published). */
        public Builder optFolds(int folds) {
            if (folds < 2) {
                throw new IllegalArgumentException("at least 2 folds: " + folds);
            }
            this.folds = folds;
            return this;
        }

        /** Seed of every random draw (default 1). */
        public Builder optSeed(long seed) {
            this.seed = seed;
            return this;
        }

        /** Share of each class' fitting images moved to validation, in (0, 0.5] (default 0.1). */
        public Builder optValidationFraction(double fraction) {
            if (!(fraction > 0 && fraction <= 0.5)) {
                throw new IllegalArgumentException("validation fraction must be in (0, 0.5]: " + fraction);
            }
            this.validationFraction = fraction;
            return this;
        }

        /** How far normal fitting images may exceed COVID fitting images, relative (default 0.10). */
        public Builder optBalanceTolerance(double tolerance) {
            if (!(tolerance > 0 && tolerance < 1)) {
                throw new IllegalArgumentException("balance tolerance must be in (0, 1): " + tolerance);
            }
            this.balanceTolerance = tolerance;
            return this;
        }

        public FoldSplitter build() {
            return new FoldSplitter(this);
        }
    }
}
