package org.covidct.nn.data;

import java.nio.file.Path;
import java.util.Objects;

/**
 * One slice file and its class index (0 covid, 1 normal), as the loaders consume them.
 *
 * @param file  the 16-bit TIFF slice
 * @param label class index
 * @param mask  a 16-bit TIFF of the same size marking the lesions (1) of the slice, or null when where its
 *              lesions lie is not known (real slices); a known clean slice has a mask of zeros
 */
public record LabelledFile(Path file, int label, Path mask) {

    public LabelledFile(Path file, int label) {
        this(file, label, null);
    }

    public LabelledFile {
        Objects.requireNonNull(file, "file");
        if (label < 0) {
            throw new IllegalArgumentException("class index " + label);
        }
    }
}
