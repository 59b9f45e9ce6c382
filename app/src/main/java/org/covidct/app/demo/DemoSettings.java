package org.covidct.app.demo;

import org.covidct.nn.model.Architecture;
import org.covidct.nn.model.InputTransform;
import org.covidct.nn.train.LesionRecipe;

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
 * @param patientReports   patient reports written (misidentified patients first; {@link #ALL_REPORTS}: every test person)
 * @param bnRecalibration  training slices whose batch statistics replace the BatchNorm moving statistics before
 *                         each validation (0 = none, the paper's)
 * @param input            what slices go through before they become input (the lesion recipe: the lung window)
 * @param backbone         the lesion recipe's first stage (ResNet50V2 with the lesion map), after which the FPN
 *                         starts from its backbone; null: the FPN trains alone from random weights (the paper's
 *                         recipe on a COVID-CTset copy)
 * @param pairs            per background slice, negative/positive pairs of the lesion training set
 */
public record DemoSettings(int phantomPatients, int phantomSize, Architecture architecture, int inputSize, double width,
                           int epochs, int batch, float learningRate, boolean augment, List<Integer> folds, long seed,
                           int patientReports, int bnRecalibration, InputTransform input, LesionRecipe.Stage backbone,
                           int pairs) {

    /** {@code patientReports} meaning a report for every test person. */
    public static final int ALL_REPORTS = Integer.MAX_VALUE;

    /** Whether the FPN is trained by the two-stage lesion recipe ({@link LesionRecipe}). */
    public boolean lesionRecipe() {
        return backbone != null;
    }

    /**
     * CPU-sized, in minutes on two cores: phantom persons at 256 px; a lesion training set on the fold's training
     * and validation persons (their slices as backgrounds with synthetic findings, the COVID phantoms' own lesions
     * with their masks); the lesion recipe ({@link LesionRecipe}): ResNet50V2 with the lesion map for 12 epochs
     * (batch 16, Nadam 1e-3), then the FPN from its backbone for 4 epochs (batch 8, Nadam 3e-4); width 0.125, the
     * lung window, no augmentation, BatchNorm recalibration on 64 training slices before each validation
     * (docs/TRAINING.md says why each deviation from the paper's recipe is needed).
     */
    public static DemoSettings phantomDemo() {
        return new DemoSettings(20, 256, Architecture.FPN, 256, 0.125, 4, 8, 3e-4f, false, List.of(1), 42, ALL_REPORTS,
                64, InputTransform.LUNG_WINDOW, new LesionRecipe.Stage(12, 16, 1e-3f), 1);
    }

    /**
     * {@link #phantomDemo()} with the labelled real series added to the lesion training set: about twice the slices
     * per epoch, so 10 epochs of the first stage and 3 of the FPN keep it within 30 minutes on two cores.
     */
    public static DemoSettings withRealSeries() {
        return new DemoSettings(20, 256, Architecture.FPN, 256, 0.125, 3, 8, 3e-4f, false, List.of(1), 42, ALL_REPORTS,
                64, InputTransform.LUNG_WINDOW, new LesionRecipe.Stage(10, 16, 1e-3f), 1);
    }

    /** The paper's protocol (REFERENCE section 4): FPN at 512, width 1, 20 epochs, batch 14, Nadam 1e-4, five folds. */
    public static DemoSettings paper() {
        return new DemoSettings(0, 512, Architecture.FPN, 512, 1.0, 20, 14, 1e-4f, true, List.of(1, 2, 3, 4, 5), 42, 10, 0,
                InputTransform.RAW, null, 0);
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
        private final InputTransform input;
        private LesionRecipe.Stage backbone;
        private final int pairs;

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
            input = from.input;
            backbone = from.backbone;
            pairs = from.pairs;
        }

        /** Epochs of the lesion recipe's first stage (ignored without it). */
        public Builder optBackboneEpochs(Integer epochCount) {
            if (epochCount != null && backbone != null) {
                backbone = new LesionRecipe.Stage(epochCount, backbone.batch(), backbone.learningRate());
            }
            return this;
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
                    learningRate, augment, folds, seed, patientReports, bnRecalibration, input, backbone, pairs);
        }
    }
}
