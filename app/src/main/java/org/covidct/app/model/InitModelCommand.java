package org.covidct.app.model;

import ai.djl.engine.Engine;
import ai.djl.ndarray.NDManager;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import org.covidct.nn.model.ModelConfig;
import org.covidct.nn.model.Network;
import org.covidct.nn.model.Networks;
import org.covidct.nn.run.RunDir;
import org.covidct.nn.run.RunManifest;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** {@code covidct init-model}: writes a freshly initialised, loadable RUN_DIR. */
@Command(name = "init-model", mixinStandardHelpOptions = true,
        description = "Writes an initialised (untrained) network as a RUN_DIR, with Keras' initialisers and a seed: "
                + "the same seed gives bit-identical weights. For benchmarks, tests and as a training start.")
public final class InitModelCommand implements Callable<Integer> {

    @Mixin
    ModelOptions options;

    @Option(names = "--seed", defaultValue = "42", paramLabel = "S", description = "Random seed (default ${DEFAULT-VALUE}).")
    long seed;

    @Option(names = "--out", required = true, paramLabel = "RUN_DIR", description = "Output model directory.")
    Path out;

    @Spec
    CommandSpec spec;

    @Override
    public Integer call() {
        ModelConfig cfg = options.config();
        try (NDManager m = NDManager.newBaseManager()) {
            Network net = initialised(cfg, seed, m);
            RunManifest written = RunDir.save(out, net,
                    RunManifest.of(cfg, seed, "init", "covidct init-model " + String.join(" ", spec.commandLine()
                            .getParseResult().originalArgs())));
            PrintWriter w = spec.commandLine().getOut();
            w.println("model=" + cfg.architecture().cliName());
            w.println("out=" + out);
            w.println("total_parameters=" + net.parameterCount());
            w.println("weights_sha256=" + written.weightsSha256());
            w.flush();
        }
        return 0;
    }

    /** A network initialised deterministically from a seed. */
    public static Network initialised(ModelConfig cfg, long seed, NDManager manager) {
        Engine.getInstance().setRandomSeed((int) seed);
        Network net = Networks.build(cfg);
        net.initialize(manager);
        return net;
    }
}
