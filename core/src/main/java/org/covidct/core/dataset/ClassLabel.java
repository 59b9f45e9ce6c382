package org.covidct.core.dataset;

import org.covidct.core.CovidctException;

import java.nio.file.Path;
import java.util.Locale;

/**
 * The two classes of COVID-CTset. The declaration order is the class index the networks use: Keras'
 * {@code flow_from_dataframe} numbers classes in alphabetical order, so covid is 0 and normal is 1.
 */
public enum ClassLabel {
    COVID,
    NORMAL;

    /** Class index of the network output (0 covid, 1 normal). */
    public int index() {
        return ordinal();
    }

    /** The spelling used in the {@code class} column of the fold CSVs. */
    public String csvName() {
        return name().toLowerCase(Locale.ROOT);
    }

    public ClassLabel other() {
        return this == COVID ? NORMAL : COVID;
    }

    public static ClassLabel ofIndex(int index) {
        if (index < 0 || index >= values().length) {
            throw new IllegalArgumentException("class index " + index + " (expected 0 covid or 1 normal)");
        }
        return values()[index];
    }

    /** Parses {@code covid} or {@code normal} (any case, surrounding blanks ignored). */
    public static ClassLabel parse(String text) {
        return parse(text, null, 0);
    }

    /**
     * Parses {@code covid} or {@code normal} read from line {@code line} of {@code file}; anything else is
     * a user error naming the file and line (either may be absent: null file, line 0).
     */
    public static ClassLabel parse(String text, Path file, long line) {
        String t = text == null ? "" : text.strip().toLowerCase(Locale.ROOT);
        for (ClassLabel c : values()) {
            if (c.csvName().equals(t)) {
                return c;
            }
        }
        String where = line > 0 ? "line " + line + ": " : "";
        throw new CovidctException(file, where + "unknown class '" + (text == null ? "" : text.strip())
                + "' (expected covid or normal)");
    }

    @Override
    public String toString() {
        return csvName();
    }
}
