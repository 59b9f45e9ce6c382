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
        description = {"Runs the whole pipeline and writes DIR/index.html: phantoms -> patient-wise split -> a small "
                + "ResNet50V2+FPN (fpn at --size 128, --width 0.125 unless given) trained for a few epochs -> "
                + "image-level evaluation -> patient-level validation -> patient reports. About 8 minutes on two CPU "
                + "cores.",
                "With --data, runs the paper's protocol on a COVID-CTset copy instead (FPN at 512, width 1, 20 epochs, "
                        + "batch 14, five folds: days on a CPU, hours on a GPU-less server with many cores)."})
public final class DemoCommand implements Callable<Integer> {

    @Option(names = "--out", defaultValue = "covidct-demo", paramLabel = "DIR",
            description = "Output folder (default: ${DEFAULT-VALUE}); must be missing or empty.")
    Path out;

    @Option(names = "--data", paramLabel = "REAL_COVID_CTSET",
            description = "A COVID-CTset copy (full layout, Training&Validation/ with all.csv, Patient_details.csv).")
    Path data;

    @Option(names = "--patients", paramLabel = "N", description = "Phantom persons (default 30).")
    Integer patients;

    @Option(names = "--phantom-size", paramLabel = "PX", description = "Phantom slice size (default 128).")
    Integer phantomSize;

    @Option(names = "--epochs", paramLabel = "E", description = "Epochs (default 12; 20 with --data).")
    Integer epochs;

    @Option(names = "--lr", paramLabel = "LR", description = "Learning rate (default 3e-4; 1e-4 with --data).")
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

    @Option(names = "--reports", paramLabel = "N", description = "Patient reports to write (default 8).")
    Integer reports;

    @Option(names = "--threads", defaultValue = "1", paramLabel = "T",
            description = "PyTorch threads (default ${DEFAULT-VALUE}: the demo's small network runs faster on one thread "
                    + "while the other core decodes and augments slices; 0 = one per core).")
    int threads;

    @Spec
    CommandSpec spec;

    @Override
    public Integer call() {
        DemoSettings s = (data == null ? DemoSettings.phantomDemo() : DemoSettings.paper()).toBuilder()
                .optPhantomPatients(patients).optPhantomSize(phantomSize)
                .optNetwork(network.optionalArchitecture(), network.size(), network.width())
                .optRecipe(epochs, lr, augment).optFolds(folds).optSeed(seed.seed()).optPatientReports(reports).build();
        if (s.epochs() < 1 || s.folds().isEmpty() || s.folds().stream().anyMatch(k -> k < 1)) {
            throw new CovidctException("--epochs must be at least 1 and --folds positive fold numbers");
        }
        refuseNonEmpty(out);
        if (threads > 0) {
            CpuFeatures.setTorchThreads(threads);
        }
        new DemoPipeline(s, out, spec.commandLine().getOut()).run(data);
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
