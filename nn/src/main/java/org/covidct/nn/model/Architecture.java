package org.covidct.nn.model;

import java.util.Arrays;
import java.util.Locale;
import java.util.stream.Collectors;
import org.covidct.core.CovidctException;

/** The three classifiers of the COVID-CTset paper, each described by its {@link NetworkSpec}. */
public enum Architecture {
    /** ResNet50V2 with the paper's modified feature pyramid and five classification heads. */
    FPN("fpn", new FpnSpec()),
    /** ResNet50V2, global average pooling, dense 2. */
    RESNET50V2("resnet50v2", new ResNet50V2Spec()),
    /** Xception, global average pooling, dense 2. */
    XCEPTION("xception", new XceptionSpec());

    private final String cliName;
    private final NetworkSpec spec;

    Architecture(String cliName, NetworkSpec spec) {
        this.cliName = cliName;
        this.spec = spec;
    }

    /** What the project knows about this network: building, sizes, Grad-CAM layers, Keras specifics. */
    public NetworkSpec spec() {
        return spec;
    }

    /** The name used on the command line and in run.json. */
    public String cliName() {
        return cliName;
    }

    /** Parses a command-line name (case-insensitive); a one-line CovidctException for anything else. */
    public static Architecture fromCliName(String name) {
        String key = name == null ? "" : name.trim().toLowerCase(Locale.ROOT);
        for (Architecture a : values()) {
            if (a.cliName.equals(key)) {
                return a;
            }
        }
        throw new CovidctException("unknown architecture '" + name + "': expected one of "
                + Arrays.stream(values()).map(Architecture::cliName).collect(Collectors.joining(", ")));
    }

    @Override
    public String toString() {
        return cliName;
    }
}
