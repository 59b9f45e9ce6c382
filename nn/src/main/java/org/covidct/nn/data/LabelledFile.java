package org.covidct.nn.data;

import java.nio.file.Path;
import java.util.Objects;

/**
 * One slice file and its class index (0 covid, 1 normal), as the loaders consume them.
 *
 * @param file  the 16-bit TIFF slice
 * @param label class index
 */
public record LabelledFile(Path file, int label) {

    public LabelledFile {
        Objects.requireNonNull(file, "file");
        if (label < 0) {
            throw new IllegalArgumentException("class index " + label);
        }
    }
}
