package org.covidct.nn.model;

import org.covidct.core.CovidctException;
import org.covidct.core.image.CtSlice;
import org.covidct.core.lung.LungWindow;

import java.util.Locale;
import java.util.function.UnaryOperator;

/**
 * What a slice goes through before it becomes a network's input; part of what defines a trained model (run.json
 * records it, every path that builds tensors applies it).
 */
public enum InputTransform {
    /** The paper's: the raw 16-bit values (HU + 1024), unchanged. */
    RAW("raw", UnaryOperator.identity()),
    /** The lungs only, in the lung range stretched threefold, everything else uniform ({@link LungWindow}). */
    LUNG_WINDOW("lung-window", LungWindow::apply);

    private final String cliName;
    private final UnaryOperator<CtSlice> function;

    InputTransform(String cliName, UnaryOperator<CtSlice> function) {
        this.cliName = cliName;
        this.function = function;
    }

    public String cliName() {
        return cliName;
    }

    /** The transform as a function on whole slices (before any resizing to the input size). */
    public UnaryOperator<CtSlice> function() {
        return function;
    }

    /** The transform named {@code name}; null or blank is {@link #RAW} (run.json files written before it existed). */
    public static InputTransform fromCliName(String name) {
        if (name == null || name.isBlank()) {
            return RAW;
        }
        String n = name.strip().toLowerCase(Locale.ROOT);
        for (InputTransform t : values()) {
            if (t.cliName.equals(n)) {
                return t;
            }
        }
        throw new CovidctException("unknown input transform '" + name + "' (expected raw or lung-window)");
    }
}
