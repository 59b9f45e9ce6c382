package org.covidct.app.model;

import org.covidct.nn.model.Architecture;
import org.covidct.nn.model.ModelConfig;
import picocli.CommandLine.Option;

/** The options that define a network's shape: --model, --size, --width. */
public final class ModelOptions {

    @Option(names = "--model", required = true, paramLabel = "fpn|resnet50v2|xception",
            description = "Architecture: fpn (ResNet50V2 + FPN, the paper's model), resnet50v2 or xception.")
    String model;

    @Option(names = "--size", defaultValue = "512", paramLabel = "N",
            description = "Square input size in pixels (default ${DEFAULT-VALUE}; fpn needs at least 65).")
    int size;

    @Option(names = "--width", defaultValue = "1", paramLabel = "W",
            description = "Channel width multiplier (1 = published network; 0.125 or 0.25 for CPU-sized demos).")
    double width;

    public ModelConfig config() {
        return new ModelConfig(Architecture.fromCliName(model), size, width);
    }
}
