package org.covidct.nn.train;

import org.covidct.nn.model.Architecture;
import org.covidct.nn.model.InputTransform;
import org.covidct.nn.model.ModelConfig;

import java.nio.file.Path;
import java.util.Objects;

/**
 * How covidct trains a lesion detector from a lesion training set ({@code core.trainingset}): two runs of
 * {@link TrainingJob}. First the ResNet50V2 baseline (global pooling) with the auxiliary lesion map learns features
 * of lesions; then the paper's ResNet50V2 + FPN starts from that backbone ({@link BackboneTransfer}), as the paper
 * starts from ImageNet's, and learns its pyramid and heads. Trained from scratch, the FPN's flattened per-level heads
 * find no signal in a small lesion before their ReLUs die (docs/TRAINING.md); the baseline's pooling does, and
 * after a plateau of a few epochs learns it.
 *
 * <p>Both stages read the lung-window input and the lesion masks; no augmentation (the training set's variety is
 * synthetic); BatchNorm statistics recomputed before each validation.
 */
public final class LesionRecipe {

    /** One training run of the recipe. */
    public record Stage(int epochs, int batch, float learningRate) {
    }

    private final TrainingData data;
    private final Path backboneDir;
    private final Path modelDir;
    private final int inputSize;
    private final double width;
    private final InputTransform input;
    private final Stage backbone;
    private final Stage fpn;
    private final long seed;
    private final int workers;
    private final float lesionMapWeight;
    private final String createdBy;
    private final TrainingListener listener;

    private LesionRecipe(Builder b) {
        this.data = b.data;
        this.backboneDir = b.backboneDir;
        this.modelDir = b.modelDir;
        this.inputSize = b.inputSize;
        this.width = b.width;
        this.input = b.input;
        this.backbone = b.backbone;
        this.fpn = b.fpn;
        this.seed = b.seed;
        this.workers = b.workers;
        this.lesionMapWeight = b.lesionMapWeight;
        this.createdBy = b.createdBy;
        this.listener = b.listener;
    }

    public static Builder builder() {
        return new Builder();
    }

    /** The baseline that learns lesion features. */
    public Checkpoint.State trainBackbone() {
        return job(Architecture.RESNET50V2, backbone, backboneDir, null).run();
    }

    /** The FPN from the baseline's backbone; {@link #trainBackbone()} must have run. */
    public Checkpoint.State trainFpn() {
        return job(Architecture.FPN, fpn, modelDir, backboneDir).run();
    }

    private TrainingJob job(Architecture architecture, Stage stage, Path out, Path initFrom) {
        return TrainingJob.builder().setData(data).setModel(new ModelConfig(architecture, inputSize, width, input))
                .setOut(out).optEpochs(stage.epochs()).optBatchSize(stage.batch(), 10)
                .optLearningRate(stage.learningRate()).optAugment(false).optSeed(seed).optWorkers(workers)
                .optBatchNormRecalibration(64).optLesionMapWeight(lesionMapWeight).optInitFrom(initFrom)
                .optCreatedBy(createdBy + " (" + architecture.cliName() + " stage)").optListener(listener).build();
    }

    public Path backboneDir() {
        return backboneDir;
    }

    public Path modelDir() {
        return modelDir;
    }

    /** Builder: data and the two output folders are required. */
    public static final class Builder {
        private TrainingData data;
        private Path backboneDir;
        private Path modelDir;
        private int inputSize = 256;
        private double width = 0.125;
        private InputTransform input = InputTransform.LUNG_WINDOW;
        private Stage backbone = new Stage(10, 16, 1e-3f);
        private Stage fpn = new Stage(5, 8, 3e-4f);
        private long seed = 42;
        private int workers = 2;
        private float lesionMapWeight = 1f;
        private String createdBy = "covidct";
        private TrainingListener listener = new TrainingListener() {
        };

        private Builder() {
        }

        public Builder setData(TrainingData data) {
            this.data = data;
            return this;
        }

        /** Where the baseline stage leaves its run, and where the FPN (the model) goes. */
        public Builder setOut(Path backboneDir, Path modelDir) {
            this.backboneDir = backboneDir;
            this.modelDir = modelDir;
            return this;
        }

        public Builder optShape(int inputSize, double width) {
            this.inputSize = inputSize;
            this.width = width;
            return this;
        }

        public Builder optInput(InputTransform input) {
            this.input = input;
            return this;
        }

        public Builder optStages(Stage backbone, Stage fpn) {
            this.backbone = backbone;
            this.fpn = fpn;
            return this;
        }

        public Builder optSeed(long seed) {
            this.seed = seed;
            return this;
        }

        public Builder optWorkers(int workers) {
            this.workers = workers;
            return this;
        }

        public Builder optLesionMapWeight(float weight) {
            this.lesionMapWeight = weight;
            return this;
        }

        public Builder optCreatedBy(String createdBy) {
            this.createdBy = createdBy;
            return this;
        }

        public Builder optListener(TrainingListener listener) {
            this.listener = Objects.requireNonNull(listener);
            return this;
        }

        public LesionRecipe build() {
            if (data == null || backboneDir == null || modelDir == null) {
                throw new IllegalStateException("data and both output folders are required");
            }
            return new LesionRecipe(this);
        }
    }
}
