package org.covidct.app.options;

import org.covidct.nn.model.ModelConfig;
import picocli.CommandLine.Mixin;

/** {@code --arch}, {@code --size}, {@code --width}: a network to build (train, init-model). */
public final class NetworkOptions {

    @Mixin
    ArchitectureOption architecture;

    @Mixin
    ShapeOptions shape;

    /** The network described; a usage error without --arch, a one-line error for an impossible shape. */
    public ModelConfig config() {
        return shape.config(architecture.required());
    }
}
