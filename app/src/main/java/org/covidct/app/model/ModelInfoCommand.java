package org.covidct.app.model;

import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import java.io.PrintWriter;
import java.util.Arrays;
import java.util.concurrent.Callable;
import java.util.stream.Collectors;
import org.covidct.app.options.ArchOrModelOptions;
import org.covidct.nn.model.ModelConfig;
import org.covidct.nn.model.Network;
import org.covidct.nn.model.Networks;
import org.covidct.nn.run.RunDir;
import org.covidct.nn.run.RunManifest;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Spec;

/** {@code covidct model-info}: parameter counts and pyramid sizes of an architecture or a trained model. */
@Command(name = "model-info", mixinStandardHelpOptions = true,
        description = {"Prints a network's parameter counts (BatchNorm moving statistics counted, as Keras counts "
                + "them) and, for fpn, the pyramid sizes P3..P7: of an architecture (--arch, --size, --width) or of "
                + "a trained model (--model RUN_DIR, whose run.json gives them).",
                "Output lines: model=ARCH, input=1xSxS, width=W, total_parameters=N, backbone_parameters=N, "
                        + "head_parameters=N, [pyramid=HxW,..., pyramid_channels=C], output=2 (logits: covid, normal); "
                        + "with --model also run_dir=DIR, source=S, weights_sha256=H."})
public final class ModelInfoCommand implements Callable<Integer> {

    @Mixin
    ArchOrModelOptions model;

    @Spec
    CommandSpec spec;

    @Override
    public Integer call() {
        ArchOrModelOptions.Target target = model.target();
        RunManifest manifest = target.runDir() == null ? null : RunDir.readManifest(target.runDir());
        ModelConfig cfg = manifest == null ? target.config() : manifest.modelConfig();
        PrintWriter out = spec.commandLine().getOut();
        try (NDManager m = NDManager.newBaseManager()) {
            Network net = Networks.build(cfg);
            net.initialize(m);
            out.println("model=" + cfg.architecture().cliName());
            out.println("input=1x" + cfg.inputSize() + "x" + cfg.inputSize());
            out.println("width=" + cfg.widthMultiplier());
            out.println("total_parameters=" + net.parameterCount());
            out.println("backbone_parameters=" + net.backboneParameterCount());
            out.println("head_parameters=" + (net.parameterCount() - net.backboneParameterCount()));
            Shape[] pyramid = net.pyramidShapes();
            if (pyramid.length > 0) {
                out.println("pyramid=" + Arrays.stream(pyramid).map(s -> s.get(1) + "x" + s.get(2))
                        .collect(Collectors.joining(",")));
                out.println("pyramid_channels=" + pyramid[0].get(0));
            }
            out.println("output=2 (logits: 0=covid, 1=normal)");
        }
        if (manifest != null) {
            out.println("run_dir=" + target.runDir());
            out.println("source=" + manifest.source());
            out.println("weights_sha256=" + manifest.weightsSha256());
        }
        out.flush();
        return 0;
    }
}
