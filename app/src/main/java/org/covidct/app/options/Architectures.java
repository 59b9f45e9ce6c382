package org.covidct.app.options;

import java.io.PrintWriter;
import org.covidct.nn.model.Architecture;
import picocli.CommandLine.Model.CommandSpec;

/** What every architecture option shares: its label, its description and the deprecation of {@code --model ARCH}. */
final class Architectures {

    static final String LABEL = "fpn|resnet50v2|xception";
    static final String DESCRIPTION =
            "Architecture: fpn (ResNet50V2 + FPN, the paper's model), resnet50v2 or xception.";

    private Architectures() {
    }

    /** Whether {@code value} is an architecture's name (what {@code --model} meant in some commands before). */
    static boolean names(String value) {
        for (Architecture a : Architecture.values()) {
            if (a.cliName().equalsIgnoreCase(value.trim())) {
                return true;
            }
        }
        return false;
    }

    /** Parses the old {@code --model ARCH} spelling and says once, on stderr, what to write instead. */
    static Architecture fromLegacyModel(CommandSpec command, String value) {
        Architecture a = Architecture.fromCliName(value);
        PrintWriter err = command.commandLine().getErr();
        err.println("covidct: warning: --model " + value + " names an architecture: use --arch " + a.cliName()
                + "; --model will only name a trained RUN_DIR");
        err.flush();
        return a;
    }
}
