package org.covidct.core;

import java.nio.file.Path;

/**
 * A problem with the user's input or environment (corrupt file, bad CSV, missing folder), as opposed
 * to a bug. The CLI prints {@link #getMessage()} as one line and exits with status 2; bugs stay stack traces.
 *
 * <p>Unchecked on purpose: slices are read inside parallel streams and lambdas, where a checked
 * exception would have to be wrapped anyway.
 */
public class CovidctException extends RuntimeException {

    private final transient Path file;

    public CovidctException(String message) {
        this(null, message, null);
    }

    public CovidctException(Path file, String message) {
        this(file, message, null);
    }

    public CovidctException(Path file, String message, Throwable cause) {
        super(file == null ? message : file + ": " + message, cause);
        this.file = file;
    }

    /** The file the problem is about, or null when it is not about one file. */
    public Path file() {
        return file;
    }
}
