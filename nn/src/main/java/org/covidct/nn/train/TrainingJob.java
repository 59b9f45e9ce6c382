package org.covidct.nn.train;

import ai.djl.engine.Engine;
import ai.djl.pytorch.jni.JniUtils;
import org.covidct.core.CovidctException;
import org.covidct.nn.data.Augmenter;
import org.covidct.nn.data.BatchLoader;
import org.covidct.nn.data.SliceDecoder;
import org.covidct.core.dataset.LabelledSlice;
import org.covidct.nn.model.HeadInit;
import org.covidct.nn.model.InputTransform;
import org.covidct.nn.model.ModelConfig;
import org.covidct.nn.model.Network;
import org.covidct.nn.model.Networks;
import org.covidct.nn.run.RunDir;
import org.covidct.nn.run.RunManifest;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Random;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;

/**
 * {@code covidct train} without the command line: one fold, one architecture, the paper's recipe, into a
 * RUN_DIR (run.json + weights.params of the best-validation epoch, epochs.csv, checkpoint.bin).
 */
public final class TrainingJob {

    private final TrainingData data;
    private final ModelConfig model;
    private final Path out;
    private final int epochs;
    private final int batchSize;
    private final int validationBatchSize;
    private final float learningRate;
    private final long seed;
    private final int workers;
    private final int threads;
    private final boolean augment;
    private final boolean resume;
    private final HeadInit headInit;
    private final int recalibrationSlices;
    private final String createdBy;
    private final TrainingListener listener;
    private final float lesionMapWeight;
    private final float headLearningRateScale;
    private final Path initFrom;

    private TrainingJob(Builder b) {
        this.data = b.data;
        this.model = b.model;
        this.out = b.out;
        this.epochs = b.epochs;
        this.batchSize = b.batchSize;
        this.validationBatchSize = b.validationBatchSize;
        this.learningRate = b.learningRate;
        this.seed = b.seed;
        this.workers = b.workers;
        this.threads = b.threads;
        this.augment = b.augment;
        this.resume = b.resume;
        this.headInit = b.headInit;
        this.recalibrationSlices = b.recalibrationSlices;
        this.createdBy = b.createdBy;
        this.listener = b.listener;
        this.lesionMapWeight = b.lesionMapWeight;
        this.headLearningRateScale = b.headLearningRateScale;
        this.initFrom = b.initFrom;
    }

    public static Builder builder() {
        return new Builder();
    }

    /** The settings that must not change between a run and its resume (epochs may grow). */
    public String fingerprint() {
        String base = String.format(Locale.ROOT, "model=%s size=%d width=%s batch=%d lr=%s seed=%d augment=%s head_init=%s bn_recalibration=%d fold=%d data=%s",
                model.architecture().cliName(), model.inputSize(), model.widthMultiplier(), batchSize, learningRate,
                seed, augment, headInit.cliName(), recalibrationSlices, data.fold().fold(), data.fittingHash());
        // only what differs from the paper's recipe is added, so fingerprints of earlier runs stay valid
        if (model.input() != InputTransform.RAW) {
            base += " input=" + model.input().cliName();
        }
        if (headLearningRateScale != 1f) {
            base += " head_lr_scale=" + headLearningRateScale;
        }
        if (initFrom != null) {
            base += " init_from=" + RunDir.readManifest(initFrom).weightsSha256();
        }
        if (effectiveLesionMapWeight() > 0) {
            base += " lesion_map=" + effectiveLesionMapWeight();
        }
        return base;
    }

    /** The lesion-map weight in force: 0 when the training slices have no masks. */
    private float effectiveLesionMapWeight() {
        return lesionMapWeight > 0 && data.hasMasks() ? lesionMapWeight : 0f;
    }

    // decoded inputs kept between epochs when they fit: a quarter of the heap for training slices, a sixteenth for
    // validation (the lung window's segmentation costs about 20 ms a slice; epochs repeat every slice)
    private static final long CACHE_SHARE_TRAIN = Runtime.getRuntime().maxMemory() / 4;
    private static final long CACHE_SHARE_VALIDATION = Runtime.getRuntime().maxMemory() / 16;

    public Checkpoint.State run() {
        if (data.fold().train().isEmpty() || data.fold().validation().isEmpty()) {
            throw new CovidctException(data.imageDir(), "fold " + data.fold().fold()
                    + " has no training or no validation slices");
        }
        SliceDecoder decoder = new SliceDecoder(model.inputSize(), model.input().function());
        Engine engine = Engine.getEngine("PyTorch");
        if (threads > 0) {
            // PyTorch's OpenMP threads spin while waiting: on a busy machine fewer threads can be much faster
            JniUtils.setNumThreads(threads);
        }
        engine.setRandomSeed((int) seed);
        Network network = Networks.build(model);
        headInit.applyTo(network);
        String dataHash = data.fittingHash();
        Map<String, Object> settings = new LinkedHashMap<>();
        settings.put("command", "train");
        settings.put("fold", data.fold().fold());
        settings.put("epochs", epochs);
        settings.put("batch", batchSize);
        settings.put("val_batch", validationBatchSize);
        settings.put("lr", learningRate);
        settings.put("optimizer", "nadam(beta_1=0.9, beta_2=0.999, epsilon=1e-7, schedule_decay=0.004)");
        settings.put("loss", "categorical_crossentropy");
        settings.put("augmentation", augment ? "paper (flips, rotation 360, zoom 0.05, shift 0.05, shear 0.05 deg)" : "none");
        settings.put("head_init", headInit == HeadInit.PAPER ? "paper" : "he_normal (option, not the paper's)");
        settings.put("bn_recalibration", recalibrationSlices == 0 ? "none (paper)"
                : "moving statistics recomputed before each validation on " + recalibrationSampleSize()
                + " training slices (option, not the paper's)");
        settings.put("input", model.input() == InputTransform.RAW ? "raw (paper)"
                : model.input().cliName() + " (not the paper's)");
        float mapWeight = effectiveLesionMapWeight();
        settings.put("lesion_map", mapWeight > 0 ? "auxiliary lesion map on the finest feature map, weight " + mapWeight
                + ", trained on the masks of " + data.files(data.fold().train()).stream().filter(f -> f.mask() != null).count()
                + " training slices (not the paper's; not part of the saved model)" : "none (paper)");
        settings.put("head_lr_scale", headLearningRateScale == 1f ? "1 (paper)" : headLearningRateScale
                + " x lr for the dense layers on the flattened pyramid levels (not the paper's)");
        if (initFrom != null) {
            settings.put("backbone_init", "copied from " + initFrom.toAbsolutePath() + " (weights sha256 "
                    + RunDir.readManifest(initFrom).weightsSha256() + ")");
        }
        settings.put("train_slices", data.fold().train().size());
        settings.put("validation_slices", data.fold().validation().size());
        settings.put("data_dir", data.imageDir().toAbsolutePath().toString());
        try (BatchLoader train = BatchLoader.builder().setSamples(data.files(data.fold().train()))
                .setBatchSize(batchSize).setDecoder(decoder).optAugmenter(augment ? Augmenter.paper() : null)
                .optShuffle(true, seed).optWorkers(workers).optCache(CACHE_SHARE_TRAIN).build();
             BatchLoader validation = BatchLoader.builder().setSamples(data.files(data.fold().validation()))
                     .setBatchSize(validationBatchSize).setDecoder(decoder).optWorkers(workers)
                     .optCache(CACHE_SHARE_VALIDATION).build();
             BatchLoader recalibration = recalibrationSlices == 0 ? null : BatchLoader.builder()
                     .setSamples(data.files(recalibrationSample())).setBatchSize(batchSize).setDecoder(decoder)
                     .optWorkers(workers).build()) {
            return FoldTrainer.builder()
                    .setBlock(network, model.inputSize())
                    .setData(train, validation)
                    .setRunDir(out)
                    .setFingerprint(fingerprint())
                    .optEpochs(epochs).optLearningRate(learningRate).optSeed(seed).optResume(resume)
                    .optListener(listener)
                    .optLesionMapWeight(mapWeight)
                    .optHeadLearningRateScale(headLearningRateScale)
                    .optAfterInitialisation(initFrom == null ? null : b -> BackboneTransfer.copy(initFrom, (Network) b))
                    .optBatchNormRecalibration(recalibration)
                    .setBestWeightsSink((block, record) -> {
                        Map<String, Object> withBest = new LinkedHashMap<>(settings);
                        withBest.put("best_epoch", record.epoch());
                        withBest.put("best_val_accuracy", record.validationAccuracy());
                        RunManifest manifest = RunManifest.of(model, seed, "train", createdBy)
                                .withDataHash(dataHash).withConfig(withBest);
                        RunDir.save(out, network, manifest);
                    })
                    .build().run();
        }
    }

    private int recalibrationSampleSize() {
        return Math.min(recalibrationSlices, data.fold().train().size());
    }

    /** A seeded sample of the training slices, fixed for the run (the same before every validation). */
    private List<LabelledSlice> recalibrationSample() {
        List<LabelledSlice> train = new ArrayList<>(data.fold().train());
        Collections.shuffle(train, new Random(Augmenter.mix(seed, 0, -3)));
        return train.subList(0, recalibrationSampleSize());
    }

    /** Builder: data, model and output folder are required; the rest defaults to the paper's recipe. */
    public static final class Builder {
        private TrainingData data;
        private ModelConfig model;
        private Path out;
        private int epochs = 20;
        private int batchSize = 14;
        private int validationBatchSize = 10;
        private float learningRate = 1e-4f;
        private long seed = 42;
        private int workers = 2;
        private int threads;
        private boolean augment = true;
        private boolean resume;
        private HeadInit headInit = HeadInit.PAPER;
        private int recalibrationSlices;
        private String createdBy = "covidct train";
        private float lesionMapWeight;
        private float headLearningRateScale = 1f;
        private Path initFrom;
        private TrainingListener listener = new TrainingListener() {
        };

        private Builder() {
        }

        public Builder setData(TrainingData data) {
            this.data = data;
            return this;
        }

        public Builder setModel(ModelConfig model) {
            this.model = model;
            return this;
        }

        public Builder setOut(Path out) {
            this.out = out;
            return this;
        }

        public Builder optEpochs(int epochs) {
            this.epochs = epochs;
            return this;
        }

        public Builder optBatchSize(int batchSize, int validationBatchSize) {
            this.batchSize = batchSize;
            this.validationBatchSize = validationBatchSize;
            return this;
        }

        public Builder optLearningRate(float learningRate) {
            this.learningRate = learningRate;
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

        /** PyTorch intra-op threads; 0 (default) keeps PyTorch's choice (one per core). */
        public Builder optThreads(int threads) {
            this.threads = threads;
            return this;
        }

        /** Paper augmentation on (default) or off. */
        public Builder optAugment(boolean augment) {
            this.augment = augment;
            return this;
        }

        public Builder optResume(boolean resume) {
            this.resume = resume;
            return this;
        }

        /** Initialisation of the head's dense layers (default: the paper's); see {@link HeadInit}. */
        public Builder optHeadInit(HeadInit headInit) {
            this.headInit = java.util.Objects.requireNonNull(headInit);
            return this;
        }

        /**
         * Recompute the BatchNorm moving statistics on this many training slices before every validation
         * (0, the default, keeps Keras' behaviour); see {@link BatchNormRecalibration}.
         */
        public Builder optBatchNormRecalibration(int slices) {
            this.recalibrationSlices = slices;
            return this;
        }

        public Builder optCreatedBy(String createdBy) {
            this.createdBy = createdBy;
            return this;
        }

        /** Weight of the auxiliary lesion map when the data has masks (default 0: off, the paper's loss alone). */
        public Builder optLesionMapWeight(float weight) {
            if (!(weight >= 0)) {
                throw new IllegalArgumentException("lesion map weight " + weight);
            }
            this.lesionMapWeight = weight;
            return this;
        }

        /** Learning-rate scale of the FPN's per-level head dense layers (default 1: the paper's). */
        public Builder optHeadLearningRateScale(float scale) {
            this.headLearningRateScale = scale;
            return this;
        }

        /** Starts the backbone from another run's (default: the architecture's own initialisation). */
        public Builder optInitFrom(Path runDir) {
            this.initFrom = runDir;
            return this;
        }

        public Builder optListener(TrainingListener listener) {
            this.listener = listener;
            return this;
        }

        public TrainingJob build() {
            if (data == null || model == null || out == null) {
                throw new IllegalArgumentException("data, model and out are required");
            }
            if (epochs < 1 || batchSize < 1 || validationBatchSize < 1 || !(learningRate > 0) || workers < 1 || threads < 0
                    || recalibrationSlices < 0) {
                throw new CovidctException("epochs, batch sizes and workers must be >= 1 and the learning rate > 0");
            }
            return new TrainingJob(this);
        }
    }
}
