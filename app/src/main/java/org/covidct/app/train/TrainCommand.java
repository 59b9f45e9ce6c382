package org.covidct.app.train;

import org.covidct.app.report.TrainingCurves;

import org.covidct.app.options.WorkersOption;
import org.covidct.app.options.ThreadsOption;
import org.covidct.app.options.SeedOption;
import org.covidct.app.options.QuietOption;
import org.covidct.app.options.FoldOptions;
import org.covidct.app.options.NetworkOptions;
import org.covidct.app.options.RunOutputOption;
import org.covidct.nn.run.ModelCard;
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
                + "Writes RUN_DIR/run.json, weights.params, epochs.csv checkpoint.bin (for --resume) and curves.png (loss and accuracy per epoch)."})
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

    @Option(names = "--lesion-map-weight", defaultValue = "1", paramLabel = "W",
            description = "When the data folder has masks/ (synthetic lesions, docs/TRAINING.md): weight of the "
                    + "auxiliary lesion-map loss during training (default ${DEFAULT-VALUE}; 0 turns it off). "
                    + "The saved model is the network alone.")
    float lesionMapWeight;

    @Option(names = "--head-lr-scale", defaultValue = "1", paramLabel = "S",
            description = "Learning-rate scale of the FPN's five per-level dense heads (default ${DEFAULT-VALUE}, the "
                    + "paper's; 0.1 keeps their ReLUs alive when the backbone learns fast, docs/TRAINING.md).")
    float headLearningRateScale;

    @Option(names = "--init-from", paramLabel = "RUN_DIR",
            description = "Start the backbone from this trained run's (copied layer by layer by Keras name; e.g. a "
                    + "resnet50v2 run initialises an fpn), as the paper starts from ImageNet weights.")
    Path initFrom;

    @Option(names = "--resume", description = "Continue the run in RUN_DIR after its last completed epoch.")
    boolean resume;

    @Option(names = "--data-kind", paramLabel = "synthetic|real|synthetic_and_real",
            description = "What the slices of --data are, for the model card (default: synthetic for a cohort written "
                    + "by covidct synth, recognised by its lesions.csv beside the flat folder; otherwise not recorded).")
    String dataKind;

    @Option(names = "--trained-on", paramLabel = "TEXT",
            description = "One line for the model card saying what the model learnt from (default: the data folder "
                    + "and fold, e.g. 'synthetic phantoms, fold 1' or 'flat fold 2').")
    String trainedOn;

    @Mixin
    QuietOption quiet;

    @Spec
    CommandSpec spec;

    /**
     * The card of the trained model: the fold's training slices (persons by patient ID) as its data, the validation
     * slices' accuracy at the kept epoch as its validation.
     */
    ModelCard card(EpochRecord best) {
        TrainingData td = TrainingData.open(data, fold.split(), fold.required());
        ModelCard.DataKind kind = dataKind(td.imageDir());
        int trainPersons = (int) td.fold().train().stream().map(s -> s.flatName().patientId()).distinct().count();
        int validationPersons = (int) td.fold().validation().stream().map(s -> s.flatName().patientId()).distinct()
                .count();
        String folder = String.valueOf(td.imageDir().toAbsolutePath().normalize().getFileName());
        String line = trainedOn != null ? trainedOn
                : (kind == ModelCard.DataKind.SYNTHETIC ? "synthetic phantoms" : folder) + ", fold " + td.fold().fold();
        ModelCard.DataSource source = new ModelCard.DataSource(kind, "fold " + td.fold().fold() + " training slices of "
                + td.imageDir().toAbsolutePath().normalize(), trainPersons, td.fold().train().size(),
                td.imageDir().toAbsolutePath().normalize().toString(), td.fittingHash());
        return ModelCard.builder().setTrainedOn(line).addTraining(source)
                .optValidation(ModelCard.Evaluation.of("fold " + td.fold().fold() + " validation slices (epoch "
                                + best.epoch() + ", kept for its validation accuracy)", validationPersons,
                        td.fold().validation().size(), java.util.Map.of("accuracy", best.validationAccuracy()),
                        out.createdBy()))
                .optRecordedBy(out.createdBy()).build();
    }

    private ModelCard.DataKind dataKind(Path imageDir) {
        if (dataKind != null) {
            for (ModelCard.DataKind k : ModelCard.DataKind.values()) {
                if (k.word().equals(dataKind.toLowerCase(Locale.ROOT)) && k != ModelCard.DataKind.NONE) {
                    return k;
                }
            }
            throw new org.covidct.core.CovidctException("--data-kind must be synthetic, real, synthetic_and_real or "
                    + "unknown, not '" + dataKind + "'");
        }
        Path parent = imageDir.toAbsolutePath().normalize().getParent();
        boolean synthCohort = parent != null && java.nio.file.Files.isRegularFile(parent.resolve("lesions.csv"))
                && java.nio.file.Files.isRegularFile(parent.resolve("Patient_details.csv"));
        return synthCohort ? ModelCard.DataKind.SYNTHETIC : ModelCard.DataKind.UNKNOWN;
    }

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
                .optHeadInit(headInit).optLesionMapWeight(lesionMapWeight).optHeadLearningRateScale(headLearningRateScale).optInitFrom(initFrom).optBatchNormRecalibration(bnRecalibration).optListener(listener)
                .optCreatedBy(out.createdBy())
                .build();
    }

    /** Loss and accuracy per epoch, training and validation, drawn into the run folder. */
    public static final String CURVES = "curves.png";

    @Override
    public Integer call() {
        PrintWriter console = spec.commandLine().getOut();
        dataKind(data); // a bad --data-kind fails before training, not after
        ProgressBarListener progress = new ProgressBarListener(console, System.err, !quiet.quiet());
        Checkpoint.State state;
        try {
            state = job(progress).run();
        } finally {
            progress.closeBar();
        }
        EpochRecord best = state.records().stream().filter(EpochRecord::best).reduce((a, b) -> b).orElseThrow();
        RunDir.writeCard(out.runDir(), card(best));
        TrainingCurves.writePng(out.runDir().resolve(CURVES), out.runDir().getFileName() + " ("
                + RunDir.readManifest(out.runDir()).architecture() + ")", state.records());
        console.printf(Locale.ROOT, "best_epoch=%d%nbest_val_accuracy=%.6f%nrun_dir=%s%nweights_sha256=%s%n", best.epoch(),
                best.validationAccuracy(), out.runDir(), RunDir.readManifest(out.runDir()).weightsSha256());
        console.flush();
        return 0;
    }
}
