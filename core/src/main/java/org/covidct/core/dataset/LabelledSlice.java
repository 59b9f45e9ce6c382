package org.covidct.core.dataset;

import java.util.Objects;

/**
 * One row of a fold CSV: a slice file name (flat layout) and its class.
 *
 * @param filename the file name as written in the CSV, relative to the flat data folder
 * @param label    covid or normal
 */
public record LabelledSlice(String filename, ClassLabel label) {

    public LabelledSlice {
        Objects.requireNonNull(filename, "filename");
        Objects.requireNonNull(label, "label");
        if (filename.isBlank()) {
            throw new IllegalArgumentException("empty filename");
        }
    }

    /** The parsed flat name (user error when the file name is not of the flat shape). */
    public FlatName flatName() {
        return FlatName.parse(filename);
    }
}
