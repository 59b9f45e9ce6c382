package org.covidct.app.options;

import java.nio.file.Files;
import java.nio.file.Path;
import org.covidct.nn.model.Architecture;
import org.covidct.nn.model.ModelConfig;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Spec;

/**
 * Either an architecture ({@code --arch A [--size N] [--width W]}) or a trained model ({@code --model RUN_DIR}),
 * for the commands that can describe or time both (model-info, bench infer). {@code --model fpn} meant an
 * architecture here once: a {@code --model} value that names an architecture and no existing folder is still
 * read as one, with a deprecation warning.
 */
public final class ArchOrModelOptions {

    @Spec(Spec.Target.MIXEE)
    CommandSpec mixee;

    @Option(names = "--arch", paramLabel = Architectures.LABEL, description = Architectures.DESCRIPTION)
    String arch;

    @Mixin
    ShapeOptions shape;

    @Option(names = "--model", paramLabel = "RUN_DIR", description = RunDirOption.DESCRIPTION)
    String model;

    /** What the options name: exactly one of an architecture's configuration and a RUN_DIR. */
    public record Target(ModelConfig config, Path runDir) {
    }

    public Target target() {
        if (model != null && arch == null && Architectures.names(model) && !Files.isDirectory(Path.of(model))) {
            return new Target(shape.config(Architectures.fromLegacyModel(mixee, model)), null);
        }
        if ((arch == null) == (model == null)) {
            throw new ParameterException(mixee.commandLine(),
                    "give either --arch " + Architectures.LABEL + " or --model RUN_DIR");
        }
        if (model != null) {
            if (shape.given()) {
                throw new ParameterException(mixee.commandLine(),
                        "--size and --width shape an architecture; a RUN_DIR has its own");
            }
            return new Target(null, Path.of(model));
        }
        return new Target(shape.config(Architecture.fromCliName(arch)), null);
    }
}
