package org.covidct.core.selection;

import org.covidct.core.CovidctException;

import java.util.List;

/** The selection rules by name, as the command line offers them. */
public final class Selectors {
    private Selectors() {
    }

    public static final List<String> NAMES = List.of("reference", "lung-aware");

    public static SliceSelector byName(String name) {
        return switch (name) {
            case "reference" -> new ReferenceSelector();
            case "lung-aware" -> new LungAwareSelector();
            default -> throw new CovidctException("unknown selection rule '" + name + "' (choose from " + NAMES + ")");
        };
    }
}
