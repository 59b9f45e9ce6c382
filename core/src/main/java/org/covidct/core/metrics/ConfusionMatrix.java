package org.covidct.core.metrics;

import org.covidct.core.CovidctException;
import org.covidct.core.dataset.ClassLabel;
import org.covidct.core.io.AtomicFiles;

import java.io.IOException;
import java.nio.file.Path;
import java.util.List;
import java.util.Objects;

/** Counts of (true class, predicted class) pairs for the two classes of COVID-CTset. Immutable. */
public final class ConfusionMatrix {

    private final long[][] counts; // [truth.index()][predicted.index()]

    private ConfusionMatrix(long[][] counts) {
        this.counts = counts;
    }

    /** A matrix from its four cells. */
    public static ConfusionMatrix of(long covidAsCovid, long covidAsNormal, long normalAsCovid, long normalAsNormal) {
        if (covidAsCovid < 0 || covidAsNormal < 0 || normalAsCovid < 0 || normalAsNormal < 0) {
            throw new IllegalArgumentException("negative count");
        }
        return new ConfusionMatrix(new long[][]{{covidAsCovid, covidAsNormal}, {normalAsCovid, normalAsNormal}});
    }

    /** Counts paired labels; the lists must have the same length. */
    public static ConfusionMatrix of(List<ClassLabel> truth, List<ClassLabel> predicted) {
        if (truth.size() != predicted.size()) {
            throw new IllegalArgumentException(truth.size() + " true labels but " + predicted.size() + " predictions");
        }
        long[][] c = new long[2][2];
        for (int i = 0; i < truth.size(); i++) {
            c[Objects.requireNonNull(truth.get(i)).index()][Objects.requireNonNull(predicted.get(i)).index()]++;
        }
        return new ConfusionMatrix(c);
    }

    /** How many slices of class {@code truth} were predicted {@code predicted}. */
    public long count(ClassLabel truth, ClassLabel predicted) {
        return counts[truth.index()][predicted.index()];
    }

    public long total() {
        return counts[0][0] + counts[0][1] + counts[1][0] + counts[1][1];
    }

    /** Slices predicted right. */
    public long correct() {
        return counts[0][0] + counts[1][1];
    }

    /** Slices of the given true class. */
    public long support(ClassLabel truth) {
        return counts[truth.index()][0] + counts[truth.index()][1];
    }

    /** The cell-wise sum (pooling folds). */
    public ConfusionMatrix plus(ConfusionMatrix other) {
        return of(counts[0][0] + other.counts[0][0], counts[0][1] + other.counts[0][1],
                counts[1][0] + other.counts[1][0], counts[1][1] + other.counts[1][1]);
    }

    /** CSV with true classes as rows and predicted classes as columns. */
    public String toCsv() {
        StringBuilder sb = new StringBuilder("truth\\predicted");
        for (ClassLabel p : ClassLabel.values()) {
            sb.append(',').append(p.csvName());
        }
        sb.append('\n');
        for (ClassLabel t : ClassLabel.values()) {
            sb.append(t.csvName());
            for (ClassLabel p : ClassLabel.values()) {
                sb.append(',').append(count(t, p));
            }
            sb.append('\n');
        }
        return sb.toString();
    }

    public void writeCsv(Path file) {
        try {
            AtomicFiles.writeString(file, toCsv());
        } catch (IOException e) {
            throw new CovidctException(file, "cannot write (" + e.getMessage() + ")", e);
        }
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof ConfusionMatrix m && java.util.Arrays.deepEquals(counts, m.counts);
    }

    @Override
    public int hashCode() {
        return java.util.Arrays.deepHashCode(counts);
    }

    @Override
    public String toString() {
        return "ConfusionMatrix[covid->covid=" + counts[0][0] + ", covid->normal=" + counts[0][1]
                + ", normal->covid=" + counts[1][0] + ", normal->normal=" + counts[1][1] + "]";
    }
}
