package org.covidct.app.model;

import org.covidct.app.options.SeedOption;
import ai.djl.ndarray.NDManager;
import java.io.PrintWriter;
import java.util.concurrent.Callable;
import org.covidct.app.options.NetworkOptions;
import org.covidct.app.options.RunOutputOption;
import org.covidct.nn.model.ModelConfig;
import org.covidct.nn.run.LoadedRun;
import org.covidct.nn.run.RunDir;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Spec;

/** {@code covidct init-model}: writes a freshly initialised, loadable RUN_DIR. */
@Command(name = "init-model", mixinStandardHelpOptions = true,
        description = "Writes an initialised (untrained) network as a RUN_DIR, with Keras' initialisers and a seed: "
                + "the same seed gives bit-identical weights. For benchmarks, tests and as a training start.")
public final class InitModelCommand implements Callable<Integer> {

    @Mixin
    NetworkOptions network;

    @Mixin
    SeedOption seed;

    @Mixin
    RunOutputOption out;

    @Spec
    CommandSpec spec;

    @Override
    public Integer call() {
        ModelConfig cfg = network.config();
        try (NDManager m = NDManager.newBaseManager()) {
            LoadedRun run = RunDir.initialise(out.runDir(), cfg, seed.seed(), out.createdBy(), m);
            PrintWriter w = spec.commandLine().getOut();
            w.println("model=" + cfg.architecture().cliName());
            w.println("out=" + out.runDir());
            w.println("total_parameters=" + run.network().parameterCount());
            w.println("weights_sha256=" + run.manifest().weightsSha256());
            w.flush();
        }
        return 0;
    }
}
