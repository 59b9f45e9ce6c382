package org.covidct.app.options;

import org.covidct.app.detect.DetectionSettings;
import org.covidct.core.CovidctException;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Model.OptionSpec;

import java.util.ArrayList;
import java.util.List;

/**
 * {@link PatientPipelineOptions} as command-line arguments and back: how a screen's detection settings travel to
 * Spark executors (strings serialise; a selector object need not), and what a screen's output folder records to
 * refuse a rerun with other settings. Every option of the mixin is written with its value, so whatever options the
 * mixin has (or gains) arrive unchanged.
 */
public final class PipelineArguments {

    private PipelineArguments() {
    }

    @Command(name = "pipeline")
    static final class Holder {
        @Mixin
        PatientPipelineOptions options = new PatientPipelineOptions();
    }

    /** The arguments that parse back into the same settings: each option once, {@code --name=value} or a set flag. */
    public static List<String> of(PatientPipelineOptions options) {
        CommandSpec spec = CommandSpec.forAnnotatedObject(options);
        List<String> args = new ArrayList<>();
        for (OptionSpec o : spec.options()) {
            if (o.usageHelp() || o.versionHelp()) {
                continue;
            }
            Object value = o.getValue();
            if (o.arity().max() == 0) {
                if (Boolean.TRUE.equals(value)) {
                    args.add(o.longestName());
                }
            } else if (value != null) {
                args.add(o.longestName() + "=" + value);
            }
        }
        return args;
    }

    /** The options the arguments give. */
    public static PatientPipelineOptions parse(List<String> args) {
        Holder h = new Holder();
        try {
            new CommandLine(h).parseArgs(args.toArray(String[]::new));
        } catch (CommandLine.ParameterException e) {
            throw new CovidctException("detection settings " + args + ": " + e.getMessage());
        }
        return h.options;
    }

    /** The detection settings the arguments give (one-line errors as on the command line). */
    public static DetectionSettings settings(List<String> args) {
        return parse(args).settings();
    }
}
