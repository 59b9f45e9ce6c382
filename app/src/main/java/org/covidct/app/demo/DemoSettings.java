package org.covidct.app.demo;

import org.covidct.nn.model.Architecture;

import java.util.List;

/**
 * What a demo run does: the data, the network and the training recipe, and which folds.
 *
 * @param phantomPatients  synthetic persons to generate (ignored with real data)
 * @param phantomSize      phantom slice size (ignored with real data)
 * @param architecture     the network trained
 * @param inputSize        network input size
 * @param width            channel width multiplier
 * @param epochs           training epochs
 * @param batch            training batch
 * @param learningRate     Nadam learning rate
 * @param augment          the paper's augmentation
 * @param folds            folds trained and validated
 * @param seed             one seed for phantoms, split, initialisation and augmentation
 * @param patientReports   patient reports written (misidentified patients first)
 * @param bnRecalibration  training slices whose batch statistics replace the BatchNorm moving statistics before
 *                         each validation (0 = none, the paper's)
 */
public record DemoSettings(int phantomPatients, int phantomSize, Architecture architecture, int inputSize, double width,
                           int epochs, int batch, float learningRate, boolean augment, List<Integer> folds, long seed,
                           int patientReports, int bnRecalibration) {

    /**
     * CPU-sized: a small FPN on small phantoms, one fold, in minutes on two cores. Deviations from the paper's
     * recipe, needed for a few hundred steps from random initialisation (docs/TRAINING.md, "Training at small
     * sizes"): 128 px, width 0.125, Nadam 3e-4 (1e-3 kills the FPN heads' ReLUs), batch 8, no augmentation, BatchNorm recalibration on 64
     * training slices before each validation.
     */
    public static DemoSettings phantomDemo() {
        return new DemoSettings(30, 128, Architecture.FPN, 128, 0.125, 12, 8, 3e-4f, false, List.of(1), 42, 8, 64);
    }

    /** The paper's protocol (REFERENCE section 4): FPN at 512, width 1, 20 epochs, batch 14, Nadam 1e-4, five folds. */
    public static DemoSettings paper() {
        return new DemoSettings(0, 512, Architecture.FPN, 512, 1.0, 20, 14, 1e-4f, true, List.of(1, 2, 3, 4, 5), 42, 10, 0);
    }

    /** A builder starting from these settings, to override some of them. */
    public Builder toBuilder() {
        return new Builder(this);
    }

    /**
     * Overrides settings of a starting point ({@link #phantomDemo()} or {@link #paper()}); every {@code opt*}
     * given null keeps the starting value, so command-line options that were not given change nothing.
     */
    public static final class Builder {
        private int phantomPatients;
        private int phantomSize;
        private Architecture architecture;
        private int inputSize;
        private double width;
        private int epochs;
        private final int batch;
        private float learningRate;
        private boolean augment;
        private List<Integer> folds;
        private long seed;
        private int patientReports;
        private final int bnRecalibration;

        private Builder(DemoSettings from) {
            phantomPatients = from.phantomPatients;
            phantomSize = from.phantomSize;
            architecture = from.architecture;
            inputSize = from.inputSize;
            width = from.width;
            epochs = from.epochs;
            batch = from.batch;
            learningRate = from.learningRate;
            augment = from.augment;
            folds = from.folds;
            seed = from.seed;
            patientReports = from.patientReports;
            bnRecalibration = from.bnRecalibration;
        }

        public Builder optPhantomPatients(Integer patients) {
            phantomPatients = patients != null ? patients : phantomPatients;
            return this;
        }

        public Builder optPhantomSize(Integer size) {
            phantomSize = size != null ? size : phantomSize;
            return this;
        }

        /** The network: architecture, input size and width multiplier. */
        public Builder optNetwork(Architecture arch, Integer size, Double widthMultiplier) {
            architecture = arch != null ? arch : architecture;
            inputSize = size != null ? size : inputSize;
            width = widthMultiplier != null ? widthMultiplier : width;
            return this;
        }

        /** The training recipe: epochs, Nadam learning rate, augmentation. */
        public Builder optRecipe(Integer epochCount, Float rate, Boolean augmentation) {
            epochs = epochCount != null ? epochCount : epochs;
            learningRate = rate != null ? rate : learningRate;
            augment = augmentation != null ? augmentation : augment;
            return this;
        }

        public Builder optFolds(List<Integer> foldNumbers) {
            folds = foldNumbers != null ? List.copyOf(foldNumbers) : folds;
            return this;
        }

        public Builder optSeed(Long value) {
            seed = value != null ? value : seed;
            return this;
        }

        public Builder optPatientReports(Integer reports) {
            patientReports = reports != null ? reports : patientReports;
            return this;
        }

        public DemoSettings build() {
            return new DemoSettings(phantomPatients, phantomSize, architecture, inputSize, width, epochs, batch,
                    learningRate, augment, folds, seed, patientReports, bnRecalibration);
        }
    }
}
