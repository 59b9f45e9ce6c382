package org.covidct.app.train;

import org.covidct.app.options.WorkersOption;
import org.covidct.app.options.ThreadsOption;
import org.covidct.app.options.SeedOption;
import org.covidct.app.options.QuietOption;
import org.covidct.app.options.FoldOptions;
import org.covidct.app.options.NetworkOptions;
import org.covidct.app.options.RunOutputOption;
import org.covidct.nn.run.RunDir;
import org.covidct.nn.train.Checkpoint;
import org.covidct.nn.train.EpochRecord;
import org.covidct.nn.train.TrainingData;
import org.covidct.nn.train.TrainingJob;
import org.covidct.nn.train.TrainingListener;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import org.covidct.nn.model.HeadInit;
import picocli.CommandLine;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.Locale;
import java.util.concurrent.Callable;

/** {@code covidct train}: one fold, the paper's recipe, into a RUN_DIR. */
@Command(name = "train", mixinStandardHelpOptions = true, sortOptions = false,
        description = {"Trains a network on one fold: Nadam, categorical cross-entropy, the paper's augmentation, "
                + "keeping the weights of the epoch with the best validation accuracy.",
                "Reads train{K}.csv and validation{K}.csv (columns filename,class) and the slices they name. "
                + "Writes RUN_DIR/run.json, weights.params, epochs.csv and checkpoint.bin (for --resume)."})
public final class TrainCommand implements Callable<Integer> {

    @Option(names = "--data", required = true, paramLabel = "DIR",
            description = "Flat folder of 16-bit TIFF slices (with the fold CSVs unless --split is given).")
    Path data;

    @Mixin
    FoldOptions fold;

    @Mixin
    NetworkOptions network;

    @Mixin
    RunOutputOption out;

    @Option(names = "--epochs", defaultValue = "20", description = "Epochs (default ${DEFAULT-VALUE}).")
    int epochs;

    @Option(names = "--batch", defaultValue = "14", description = "Training batch size (default ${DEFAULT-VALUE}).")
    int batch;

    @Option(names = "--val-batch", defaultValue = "10", description = "Validation batch size (default ${DEFAULT-VALUE}).")
    int validationBatch;

    @Option(names = "--lr", defaultValue = "1e-4", description = "Nadam learning rate (default ${DEFAULT-VALUE}).")
    float learningRate;

    @Mixin
    SeedOption seed;

    @Mixin
    WorkersOption workers;

    @Mixin
    ThreadsOption threads;

    @Option(names = "--no-augment", description = "Train without augmentation.")
    boolean noAugment;

    @Option(names = "--head-init", defaultValue = "paper", paramLabel = "paper|he",
            converter = HeadInitConverter.class,
            description = "Head dense initialisation: paper (FPN N(0, 0.001), default) or he (He normal; "
                    + "for small inputs, where the paper's makes the FPN start very slowly).")
    HeadInit headInit;

    @Option(names = "--bn-recalibration", defaultValue = "0", paramLabel = "N",
            description = "Before every validation, recompute the BatchNorm moving statistics on N training "
                    + "slices (default 0: off, as the paper; short runs need it, see docs/TRAINING.md).")
    int bnRecalibration;

    @Option(names = "--resume", description = "Continue the run in RUN_DIR after its last completed epoch.")
    boolean resume;

    @Mixin
    QuietOption quiet;

    @Spec
    CommandSpec spec;

    static final class HeadInitConverter implements CommandLine.ITypeConverter<HeadInit> {
        @Override
        public HeadInit convert(String value) {
            for (HeadInit h : HeadInit.values()) {
                if (h.cliName().equals(value)) {
                    return h;
                }
            }
            throw new CommandLine.TypeConversionException("expected paper or he, not '" + value + "'");
        }
    }

    /** The job these options describe, reporting to {@code listener} (tests add their own listener). */
    TrainingJob job(TrainingListener listener) {
        TrainingData trainingData = TrainingData.open(data, fold.split(), fold.required());
        return TrainingJob.builder().setData(trainingData).setModel(network.config()).setOut(out.runDir())
                .optEpochs(epochs).optBatchSize(batch, validationBatch).optLearningRate(learningRate).optSeed(seed.seed())
                .optWorkers(workers.workers()).optThreads(threads.threads()).optAugment(!noAugment).optResume(resume)
                .optHeadInit(headInit).optBatchNormRecalibration(bnRecalibration).optListener(listener)
                .optCreatedBy(out.createdBy())
                .build();
    }

    @Override
    public Integer call() {
        PrintWriter console = spec.commandLine().getOut();
        ProgressBarListener progress = new ProgressBarListener(console, System.err, !quiet.quiet());
        Checkpoint.State state;
        try {
            state = job(progress).run();
        } finally {
            progress.closeBar();
        }
        EpochRecord best = state.records().stream().filter(EpochRecord::best).reduce((a, b) -> b).orElseThrow();
        console.printf(Locale.ROOT, "best_epoch=%d%nbest_val_accuracy=%.6f%nrun_dir=%s%nweights_sha256=%s%n", best.epoch(),
                best.validationAccuracy(), out.runDir(), RunDir.readManifest(out.runDir()).weightsSha256());
        console.flush();
        return 0;
    }
}
