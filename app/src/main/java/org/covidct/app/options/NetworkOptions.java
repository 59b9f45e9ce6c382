package org.covidct.app.options;

import org.covidct.nn.model.Architecture;
import org.covidct.nn.model.ModelConfig;
import picocli.CommandLine.Mixin;

/** {@code --arch}, {@code --size}, {@code --width}: a network to build (train, init-model, import-keras, demo). */
public final class NetworkOptions {

    @Mixin
    ArchitectureOption architecture;

    @Mixin
    ShapeOptions shape;

    /** The architecture given, or null (a command with a default of its own). */
    public Architecture optionalArchitecture() {
        return architecture.optional();
    }

    /** The architecture; a usage error without --arch. */
    public Architecture architecture() {
        return architecture.required();
    }

    /** --size as given, or null. */
    public Integer size() {
        return shape.size();
    }

    /** --width as given, or null. */
    public Double width() {
        return shape.width();
    }

    /** The network described; a usage error without --arch, a one-line error for an impossible shape. */
    public ModelConfig config() {
        return shape.config(architecture.required());
    }
}
