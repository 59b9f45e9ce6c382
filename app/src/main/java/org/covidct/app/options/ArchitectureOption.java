package org.covidct.app.options;

import org.covidct.nn.model.Architecture;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Spec;

/**
 * {@code --arch}: the network architecture, in the commands where nothing but an architecture can be meant
 * (train, init-model, import-keras, demo). These commands once spelled it {@code --model}; that spelling is
 * still accepted, hidden, with a deprecation warning, because {@code --model} now only names a trained RUN_DIR.
 */
public final class ArchitectureOption {

    @Spec(Spec.Target.MIXEE)
    CommandSpec mixee;

    @Option(names = "--arch", paramLabel = Architectures.LABEL, description = Architectures.DESCRIPTION)
    String arch;

    @Option(names = "--model", hidden = true, paramLabel = "ARCH",
            description = "Deprecated spelling of --arch (--model names a trained RUN_DIR).")
    String legacyModel;

    /** The architecture given, or null when neither --arch nor the old --model was given. */
    public Architecture optional() {
        if (arch != null && legacyModel != null) {
            throw new ParameterException(mixee.commandLine(), "give the architecture once, with --arch");
        }
        if (legacyModel != null) {
            return Architectures.fromLegacyModel(mixee, legacyModel);
        }
        return arch == null ? null : Architecture.fromCliName(arch);
    }

    /** The architecture; a usage error when it was not given. */
    public Architecture required() {
        Architecture a = optional();
        if (a == null) {
            throw new ParameterException(mixee.commandLine(), "Missing required option: '--arch=" + Architectures.LABEL + "'");
        }
        return a;
    }
}
