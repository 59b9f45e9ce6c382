package org.covidct.nn.train;

import ai.djl.Device;
import ai.djl.Model;
import ai.djl.engine.Engine;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.Block;
import ai.djl.training.DefaultTrainingConfig;
import ai.djl.training.GradientCollector;
import ai.djl.training.Trainer;
import ai.djl.training.loss.Loss;
import org.covidct.core.CovidctException;
import org.covidct.core.io.AtomicFiles;
import org.covidct.nn.data.Augmenter;
import org.covidct.nn.data.Batch;
import org.covidct.nn.data.SliceTensors;
import org.covidct.nn.data.BatchLoader;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

/**
 * Trains a two-class slice network with the paper's recipe: Nadam, categorical cross-entropy on the
 * network's logits, shuffled augmented batches, validation after each epoch, and the weights of the
 * epoch with the best validation accuracy kept (a later epoch must be strictly better to replace it,
 * as Keras' ModelCheckpoint with save_best_only does).
 *
 * <p>At every epoch end a {@link Checkpoint} is written atomically, then epochs.csv; {@code resume}
 * continues after the last completed epoch (an epoch interrupted midway is redone from its start, with the
 * same shuffle, augmentation and dropout draws as an uninterrupted run).
 */
public final class FoldTrainer {

    /** Receives the weights each time a new best epoch is found (the run directory's weights file). */
    @FunctionalInterface
    public interface BestWeightsSink {
        void save(Block block, EpochRecord record) throws IOException;
    }

    public static final String EPOCHS_CSV = "epochs.csv";

    private final Block block;
    private final int inputSize;
    private final BatchLoader trainData;
    private final BatchLoader validationData;
    private final int epochs;
    private final float learningRate;
    private final long seed;
    private final Path runDir;
    private final String fingerprint;
    private final boolean resume;
    private final TrainingListener listener;
    private final BestWeightsSink bestWeights;
    private final BatchLoader recalibrationData;

    private FoldTrainer(Builder b) {
        this.block = b.block;
        this.inputSize = b.inputSize;
        this.trainData = b.trainData;
        this.validationData = b.validationData;
        this.epochs = b.epochs;
        this.learningRate = b.learningRate;
        this.seed = b.seed;
        this.runDir = b.runDir;
        this.fingerprint = b.fingerprint;
        this.resume = b.resume;
        this.listener = b.listener;
        this.bestWeights = b.bestWeights;
        this.recalibrationData = b.recalibrationData;
    }

    public static Builder builder() {
        return new Builder();
    }

    /** Runs (or resumes) the training; returns the records of every epoch done. */
    public Checkpoint.State run() {
        Path checkpointFile = runDir.resolve(Checkpoint.FILE_NAME);
        try {
            Files.createDirectories(runDir);
        } catch (IOException e) {
            throw new CovidctException(runDir, "cannot create the run folder (" + e.getMessage() + ")", e);
        }
        Nadam nadam = Nadam.builder().optLearningRate(learningRate).build();
        Engine.getInstance().setRandomSeed((int) seed);
        try (Model model = Model.newInstance("covidct-train", Device.cpu(), "PyTorch")) {
            model.setBlock(block);
            DefaultTrainingConfig config = new DefaultTrainingConfig(Loss.softmaxCrossEntropyLoss())
                    .optOptimizer(nadam).optDevices(new Device[] {Device.cpu()});
            // weights are initialised and restored BEFORE the DJL trainer exists: its parameter store caches
            // the parameter arrays on first use, and loading replaces them
            if (!block.isInitialized()) {
                block.initialize(model.getNDManager(), DataType.FLOAT32, new Shape(1, 1, inputSize, inputSize));
            }
            List<EpochRecord> records = new ArrayList<>();
            if (resume && Files.exists(checkpointFile)) {
                Checkpoint.State state = Checkpoint.readState(checkpointFile);
                if (!state.fingerprint().equals(fingerprint)) {
                    throw new CovidctException(checkpointFile, "was written with other settings or data ("
                            + state.fingerprint() + "); resume needs the same ones (" + fingerprint + ")");
                }
                state = Checkpoint.restore(checkpointFile, model.getNDManager(), block, nadam);
                records.addAll(state.records());
                writeEpochsCsv(records);
                listener.resumed(records.size(), state.bestAccuracy());
            } else if (!resume && Files.exists(checkpointFile)) {
                throw new CovidctException(runDir, "holds a training run already (use --resume to continue it,"
                        + " or another output folder)");
            }
            try (Trainer trainer = model.newTrainer(config)) {
                for (int epoch = records.size() + 1; epoch <= epochs; epoch++) {
                    EpochRecord record = runEpoch(trainer, epoch, new Checkpoint.State(fingerprint, records));
                    records.add(record);
                    Checkpoint.State state = new Checkpoint.State(fingerprint, List.copyOf(records));
                    Checkpoint.write(checkpointFile, state, block, nadam);
                    writeEpochsCsv(records);
                    listener.epochFinished(record);
                }
                return new Checkpoint.State(fingerprint, List.copyOf(records));
            }
        }
    }

    private EpochRecord runEpoch(Trainer trainer, int epoch, Checkpoint.State before) {
        // the PyTorch generator (dropout) restarts from a value fixed by (seed, epoch): a resumed epoch
        // draws exactly what the uninterrupted one would have
        Engine.getInstance().setRandomSeed((int) Augmenter.mix(seed, epoch, -2));
        long start = System.nanoTime();
        int batches = trainData.batchCount();
        listener.epochStarted(epoch, epochs, batches);
        double lossSum = 0;
        long correct = 0;
        long seen = 0;
        try (BatchLoader.Epoch data = trainData.epoch(epoch)) {
            int done = 0;
            while (data.hasNext()) {
                Batch batch = data.next();
                try (NDManager scratch = trainer.getManager().newSubManager()) {
                    NDList inputs = new NDList(tensor(scratch, batch));
                    NDArray labels = scratch.create(toFloat(batch.labels()));
                    NDArray logits;
                    NDArray loss;
                    try (GradientCollector collector = trainer.newGradientCollector()) {
                        logits = trainer.forward(inputs).singletonOrThrow();
                        loss = trainer.getLoss().evaluate(new NDList(labels), new NDList(logits));
                        collector.backward(loss);
                    }
                    trainer.step();
                    zeroGradients(block);
                    float lossValue = loss.getFloat();
                    if (!Float.isFinite(lossValue)) {
                        throw new CovidctException("training diverged: loss " + lossValue + " in epoch " + epoch
                                + " batch " + (done + 1) + " (try a lower --lr)");
                    }
                    lossSum += lossValue * batch.count();
                    correct += countCorrect(logits, batch.labels());
                    seen += batch.count();
                }
                done++;
                double seconds = (System.nanoTime() - start) / 1e9;
                listener.batchFinished(epoch, done, batches, lossSum / seen, (double) correct / seen, seen / seconds);
            }
        }
        double trainSeconds = (System.nanoTime() - start) / 1e9;
        recalibrateBatchNorm(trainer, epoch);
        double[] validation = validate(trainer, epoch);
        double seconds = (System.nanoTime() - start) / 1e9;
        boolean best = validation[1] > before.bestAccuracy();
        EpochRecord record = new EpochRecord(epoch, lossSum / seen, (double) correct / seen, validation[0],
                validation[1], seen / trainSeconds, seconds, best);
        if (best) {
            try {
                bestWeights.save(block, record);
            } catch (IOException e) {
                throw new CovidctException(runDir, "cannot write the best weights (" + e.getMessage() + ")", e);
            }
        }
        return record;
    }

    /**
     * With a recalibration set: replaces the BatchNorm moving statistics by the mean batch statistics of
     * those training slices before validation, so the validation (and the kept weights) do not carry the
     * initial statistics that Keras' momentum 0.99 still weighs after a few hundred steps.
     */
    private void recalibrateBatchNorm(Trainer trainer, int epoch) {
        if (recalibrationData == null) {
            return;
        }
        try (NDManager scratch = trainer.getManager().newSubManager();
             BatchLoader.Epoch data = recalibrationData.epoch(epoch)) {
            List<NDArray> batches = new ArrayList<>();
            while (data.hasNext()) {
                Batch batch = data.next();
                if (batch.count() >= 2) { // one slice has no batch variance
                    batches.add(tensor(scratch, batch));
                }
            }
            BatchNormRecalibration.recalibrate(block, batches);
        }
    }

    /** Mean loss and accuracy over the validation set, inference mode (no dropout, BatchNorm moving stats). */
    private double[] validate(Trainer trainer, int epoch) {
        listener.validationStarted(epoch, validationData.batchCount());
        double lossSum = 0;
        long correct = 0;
        long seen = 0;
        try (BatchLoader.Epoch data = validationData.epoch(epoch)) {
            while (data.hasNext()) {
                Batch batch = data.next();
                try (NDManager scratch = trainer.getManager().newSubManager()) {
                    NDArray labels = scratch.create(toFloat(batch.labels()));
                    NDArray logits = trainer.evaluate(new NDList(tensor(scratch, batch))).singletonOrThrow();
                    NDArray loss = trainer.getLoss().evaluate(new NDList(labels), new NDList(logits));
                    lossSum += loss.getFloat() * batch.count();
                    correct += countCorrect(logits, batch.labels());
                    seen += batch.count();
                }
            }
        }
        return new double[] {seen == 0 ? Double.NaN : lossSum / seen, seen == 0 ? 0 : (double) correct / seen};
    }

    /**
     * Zeroes every parameter's gradient in place. The PyTorch engine adds each backward pass to the stored
     * gradients, and DJL's parameter server hands the optimizer a copy, so the optimizer cannot do it.
     */
    static void zeroGradients(Block block) {
        for (var pair : block.getParameters()) {
            NDArray weight = pair.getValue().getArray();
            if (weight.hasGradient()) {
                try (NDArray gradient = weight.getGradient()) {
                    gradient.subi(gradient);
                }
            }
        }
    }

    static NDArray tensor(NDManager manager, Batch batch) {
        return SliceTensors.of(manager, batch);
    }

    private static float[] toFloat(int[] labels) {
        float[] f = new float[labels.length];
        for (int i = 0; i < labels.length; i++) {
            f[i] = labels[i];
        }
        return f;
    }

    private static long countCorrect(NDArray logits, int[] labels) {
        float[] scores = logits.toFloatArray();
        int classes = scores.length / labels.length;
        long correct = 0;
        for (int i = 0; i < labels.length; i++) {
            int argmax = 0;
            for (int c = 1; c < classes; c++) {
                if (scores[i * classes + c] > scores[i * classes + argmax]) {
                    argmax = c;
                }
            }
            correct += argmax == labels[i] ? 1 : 0;
        }
        return correct;
    }

    private void writeEpochsCsv(List<EpochRecord> records) {
        StringBuilder csv = new StringBuilder(EpochRecord.CSV_HEADER).append('\n');
        for (EpochRecord r : records) {
            csv.append(r.csvRow()).append('\n');
        }
        Path file = runDir.resolve(EPOCHS_CSV);
        try {
            AtomicFiles.writeString(file, csv.toString());
        } catch (IOException e) {
            throw new CovidctException(file, "cannot write (" + e.getMessage() + ")", e);
        }
    }

    /** Builder: block, input size, both loaders, run folder, fingerprint and best-weights sink are required. */
    public static final class Builder {
        private Block block;
        private int inputSize;
        private BatchLoader trainData;
        private BatchLoader validationData;
        private int epochs = 20;
        private float learningRate = 1e-4f;
        private long seed;
        private Path runDir;
        private String fingerprint;
        private boolean resume;
        private TrainingListener listener = new TrainingListener() {
        };
        private BestWeightsSink bestWeights;
        private BatchLoader recalibrationData;

        private Builder() {
        }

        public Builder setBlock(Block block, int inputSize) {
            this.block = block;
            this.inputSize = inputSize;
            return this;
        }

        public Builder setData(BatchLoader train, BatchLoader validation) {
            this.trainData = train;
            this.validationData = validation;
            return this;
        }

        public Builder setRunDir(Path runDir) {
            this.runDir = runDir;
            return this;
        }

        /** Identifies settings and data; a resume with another fingerprint is refused. */
        public Builder setFingerprint(String fingerprint) {
            this.fingerprint = fingerprint;
            return this;
        }

        public Builder setBestWeightsSink(BestWeightsSink sink) {
            this.bestWeights = sink;
            return this;
        }

        public Builder optEpochs(int epochs) {
            this.epochs = epochs;
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

        public Builder optResume(boolean resume) {
            this.resume = resume;
            return this;
        }

        public Builder optListener(TrainingListener listener) {
            this.listener = Objects.requireNonNull(listener);
            return this;
        }

        /**
         * Training slices (unshuffled, not augmented) whose mean batch statistics replace the BatchNorm moving
         * statistics before every validation ({@link BatchNormRecalibration}); null (default) keeps the
         * moving statistics as training left them, as Keras does.
         */
        public Builder optBatchNormRecalibration(BatchLoader slices) {
            this.recalibrationData = slices;
            return this;
        }

        public FoldTrainer build() {
            if (block == null || inputSize <= 0 || trainData == null || validationData == null || runDir == null
                    || fingerprint == null || bestWeights == null || epochs < 1) {
                throw new IllegalArgumentException("FoldTrainer needs block, size, data, run dir, fingerprint, sink, epochs >= 1");
            }
            return new FoldTrainer(this);
        }
    }
}
