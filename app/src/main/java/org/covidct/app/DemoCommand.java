package org.covidct.app;

import org.covidct.app.options.SeedOption;
import org.covidct.app.demo.DemoPipeline;
import org.covidct.app.demo.DemoSettings;
import org.covidct.core.CovidctException;
import org.covidct.app.options.NetworkOptions;
import org.covidct.nn.infer.CpuFeatures;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.stream.Stream;

/** {@code covidct demo}: the whole experiment on phantoms (minutes on a CPU), or the paper's protocol on real data. */
@Command(name = "demo", mixinStandardHelpOptions = true, sortOptions = false,
        description = {"Runs the whole pipeline and writes DIR/index.html: phantom persons -> patient-wise split -> a "
                + "lesion training set (the fold's training persons as backgrounds with synthetic findings) -> the "
                + "lesion recipe (ResNet50V2 with a lesion map, then the paper's ResNet50V2+FPN from its backbone, 256 "
                + "px, width 0.125, lung window) -> image-level evaluation and the pointing game -> patient-level "
                + "validation -> patient reports; the model is left in DIR/model. Run times on two CPU cores, with the "
                + "date and command they were measured with, are in docs/TRAINING.md.",
                "With --with-real REAL_DIR the labelled real series of REAL_DIR (the COVID-CT-MD layout: covid/, "
                        + "normal/, cap/, labels/<series>.slice-labels.csv) join the lesion training set, and the model "
                        + "is scored on them (in-sample). With --score-on REAL_DIR the model is scored on labelled "
                        + "series against the radiologists (real-ct/ and the page).",
                "With --data, runs the paper's protocol on a COVID-CTset copy instead (FPN at 512, width 1, 20 epochs, "
                        + "batch 14, five folds: days on a CPU, hours on a GPU-less server with many cores)."})
public final class DemoCommand implements Callable<Integer> {

    @Option(names = "--out", defaultValue = "covidct-demo", paramLabel = "DIR",
            description = "Output folder (default: ${DEFAULT-VALUE}); must be missing or empty.")
    Path out;

    @Option(names = "--data", paramLabel = "REAL_COVID_CTSET",
            description = "A COVID-CTset copy (full layout, Training&Validation/ with all.csv, Patient_details.csv).")
    Path data;

    @Option(names = "--with-real", paramLabel = "REAL_DIR",
            description = "Labelled real series (COVID-CT-MD layout) added to the lesion training set; the model is "
                    + "then scored on them (in-sample).")
    Path withReal;

    @Option(names = "--score-on", paramLabel = "REAL_DIR",
            description = "Labelled real series (COVID-CT-MD layout) the trained model is scored on against the "
                    + "radiologists (default: the --with-real folder).")
    Path scoreOn;

    @Option(names = "--control-shuffled-labels",
            description = "The control run: the lesion training set's labels permuted and its lesion masks unused; "
                    + "its real-CT slice AUC should be about 0.5.")
    boolean shuffledLabels;

    @Option(names = "--patients", paramLabel = "N", description = "Phantom persons (default 20).")
    Integer patients;

    @Option(names = "--phantom-size", paramLabel = "PX", description = "Phantom slice size (default 256).")
    Integer phantomSize;

    @Option(names = "--backbone-epochs", paramLabel = "E",
            description = "Epochs of the lesion recipe's first stage, ResNet50V2 (default 12; 10 with --with-real).")
    Integer backboneEpochs;

    @Option(names = "--epochs", paramLabel = "E", description = "Epochs of the FPN (default 4; 3 with --with-real; 20 with --data).")
    Integer epochs;

    @Option(names = "--lr", paramLabel = "LR", description = "Learning rate of the FPN (default 3e-4; 1e-4 with --data).")
    Float lr;

    @Option(names = "--augment", negatable = true, paramLabel = "BOOL",
            description = "The paper's augmentation (default: off on phantoms, so that a few epochs learn; on with --data).")
    Boolean augment;

    @Option(names = "--folds", paramLabel = "K,...", split = ",",
            description = "Folds to run (default 1; 1,2,3,4,5 with --data).")
    List<Integer> folds;

    @Mixin
    NetworkOptions network;

    @Mixin
    SeedOption seed;

    @Option(names = "--reports", paramLabel = "N",
            description = "Patient reports to write, misidentified persons first (default: every test person on "
                    + "phantoms, 10 with --data).")
    Integer reports;

    @Option(names = "--threads", defaultValue = "0", paramLabel = "T",
            description = "PyTorch threads (default ${DEFAULT-VALUE}: one per core).")
    int threads;

    @Spec
    CommandSpec spec;

    @Override
    public Integer call() {
        if (data != null && (withReal != null || shuffledLabels)) {
            throw new CovidctException("--data (the paper's protocol on a COVID-CTset copy) does not take --with-real "
                    + "or --control-shuffled-labels");
        }
        DemoSettings start = data != null ? DemoSettings.paper()
                : withReal != null ? DemoSettings.withRealSeries() : DemoSettings.phantomDemo();
        DemoSettings s = start.toBuilder()
                .optPhantomPatients(patients).optPhantomSize(phantomSize)
                .optNetwork(network.optionalArchitecture(), network.size(), network.width())
                .optBackboneEpochs(backboneEpochs)
                .optRecipe(epochs, lr, augment).optFolds(folds).optSeed(seed.seed()).optPatientReports(reports).build();
        if (s.epochs() < 1 || s.folds().isEmpty() || s.folds().stream().anyMatch(k -> k < 1)
                || (s.lesionRecipe() && s.backbone().epochs() < 1)) {
            throw new CovidctException("--epochs and --backbone-epochs must be at least 1 and --folds positive fold "
                    + "numbers");
        }
        for (Path real : new Path[] {withReal, scoreOn}) {
            if (real != null && !Files.isDirectory(real)) {
                throw new CovidctException(real, "no such folder");
            }
        }
        refuseNonEmpty(out);
        if (threads > 0) {
            CpuFeatures.setTorchThreads(threads);
        }
        Path scoreFolder = scoreOn != null ? scoreOn : withReal;
        new DemoPipeline(s, out, spec.commandLine().getOut())
                .run(new DemoPipeline.Inputs(data, withReal, scoreFolder, shuffledLabels));
        return 0;
    }

    private static void refuseNonEmpty(Path dir) {
        if (!Files.exists(dir)) {
            return;
        }
        if (!Files.isDirectory(dir)) {
            throw new CovidctException(dir, "exists and is not a folder");
        }
        try (Stream<Path> s = Files.list(dir)) {
            if (s.findAny().isPresent()) {
                throw new CovidctException(dir, "is not empty (give another --out, or remove it)");
            }
        } catch (IOException e) {
            throw new CovidctException(dir, "cannot list (" + e.getMessage() + ")", e);
        }
    }
}
