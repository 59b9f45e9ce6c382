package org.covidct.app.keras;

import org.covidct.app.options.SeedOption;
import org.covidct.app.options.NetworkOptions;
import org.covidct.app.options.RunOutputOption;
import org.covidct.nn.keras.FirstConvPolicy;
import org.covidct.nn.keras.KerasModelFile;
import org.covidct.nn.keras.KerasRuns;
import org.covidct.nn.model.Architecture;
import org.covidct.nn.model.ModelConfig;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.Locale;
import java.util.concurrent.Callable;

/** {@code covidct import-keras}: a Keras 2 HDF5 model or weights file to a RUN_DIR. */
@Command(name = "import-keras", mixinStandardHelpOptions = true,
        description = {"Reads a Keras 2 HDF5 file (a full model saved with model.save, such as the paper's published "
                + "ResNet50V2-FPN folds, or a weights-only file such as the keras-applications ImageNet 'notop' files) "
                + "into a RUN_DIR. Reports every Keras layer not used and every block left uninitialised. --size and "
                + "--width default to the file's own when it records them.",
                "See docs/KERAS.md for the layouts and mapping rules."})
public final class ImportKerasCommand implements Callable<Integer> {

    @Parameters(index = "0", paramLabel = "FILE.h5", description = "Keras HDF5 file.")
    Path file;

    @Mixin
    NetworkOptions network;

    @Option(names = "--first-conv", defaultValue = "skip", paramLabel = "skip|sum",
            description = "A first convolution with more input channels than 1 (ImageNet: RGB): skip it as the paper "
                    + "does (default), or sum its kernel over the input channels.")
    String firstConv;

    @Mixin
    SeedOption seed;

    @Mixin
    RunOutputOption out;

    @Spec
    CommandSpec spec;

    @Override
    public Integer call() {
        Architecture arch = network.architecture();
        FirstConvPolicy policy = switch (firstConv.toLowerCase(Locale.ROOT)) {
            case "skip" -> FirstConvPolicy.SKIP;
            case "sum" -> FirstConvPolicy.SUM;
            default -> throw new org.covidct.core.CovidctException("--first-conv must be skip or sum, not '" + firstConv + "'");
        };
        KerasModelFile keras = KerasModelFile.read(file);
        ModelConfig config = KerasRuns.configFor(keras, arch, network.size(), network.width());
        KerasRuns.Imported result = KerasRuns.importToRun(keras, config, policy, seed.seed(), out.runDir(), out.createdBy());
        PrintWriter w = spec.commandLine().getOut();
        w.println("model=" + arch.cliName());
        w.println("size=" + config.inputSize());
        w.println("width=" + config.widthMultiplier());
        result.report().lines().forEach(w::println);
        w.println("out=" + out.runDir());
        w.println("weights_sha256=" + result.manifest().weightsSha256());
        w.flush();
        return 0;
    }
}
