package org.covidct.app.screen;

import java.io.Serializable;
import java.nio.file.Path;

/**
 * One unit of a screen: a folder that directly holds CT slices (one TIFF series, or one or more DICOM series).
 * Strings, not paths, so that it travels to Spark executors.
 *
 * @param relative the folder relative to ROOT, {@code /}-separated ({@code .} for ROOT itself): the key of its rows
 *                 in the ledger and in results.csv
 * @param absolute the folder's absolute path
 */
public record ScreenFolder(String relative, String absolute) implements Serializable {

    public Path path() {
        return Path.of(absolute);
    }
}
