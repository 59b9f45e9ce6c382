package org.covidct.app.options;

import org.covidct.nn.model.Architecture;
import org.covidct.nn.model.ModelConfig;
import picocli.CommandLine.Option;

/** {@code --size} and {@code --width}: the shape of a network built from an architecture. */
public final class ShapeOptions {

    @Option(names = "--size", paramLabel = "N",
            description = "Square input size in pixels (default 512, the paper's, unless the command says otherwise; "
                    + "fpn needs at least 65).")
    Integer size;

    @Option(names = "--width", paramLabel = "W",
            description = "Channel width multiplier (default 1, the published network, unless the command says "
                    + "otherwise; 0.125 or 0.25 for CPU-sized demos).")
    Double width;

    /** --size as given, or null. */
    public Integer size() {
        return size;
    }

    /** --width as given, or null. */
    public Double width() {
        return width;
    }

    /** Whether either option was given. */
    boolean given() {
        return size != null || width != null;
    }

    /** The network these options describe for {@code architecture} (defaults: 512, width 1). */
    public ModelConfig config(Architecture architecture) {
        return new ModelConfig(architecture, size == null ? ModelConfig.DEFAULT_INPUT_SIZE : size,
                width == null ? 1.0 : width);
    }
}
