package org.covidct.app.model;

import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import java.io.PrintWriter;
import java.util.Arrays;
import java.util.concurrent.Callable;
import java.util.stream.Collectors;
import org.covidct.nn.model.ModelConfig;
import org.covidct.nn.model.Network;
import org.covidct.nn.model.Networks;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Spec;

/** {@code covidct model-info}: parameter counts and pyramid sizes of a network. */
@Command(name = "model-info", mixinStandardHelpOptions = true,
        description = {"Prints a network's parameter counts (BatchNorm moving statistics counted, as Keras counts "
                + "them) and, for fpn, the pyramid sizes P3..P7.",
                "Output lines: total_parameters=N, backbone_parameters=N, head_parameters=N, "
                        + "[pyramid=HxW,...], input=1xSxS, output=2 (logits: covid, normal)."})
public final class ModelInfoCommand implements Callable<Integer> {

    @Mixin
    ModelOptions options;

    @Spec
    CommandSpec spec;

    @Override
    public Integer call() {
        ModelConfig cfg = options.config();
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
        out.flush();
        return 0;
    }
}
