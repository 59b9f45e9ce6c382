package org.covidct.app.io;

import java.io.IOException;
import java.nio.file.Path;
import org.covidct.core.CovidctException;
import org.covidct.core.io.AtomicFiles;

/**
 * The CLI's outputs written atomically ({@link AtomicFiles}), a failure becoming the one-line user error
 * {@code FILE: cannot write (reason)} instead of a checked exception at every call site.
 */
public final class OutputFiles {

    private OutputFiles() {
    }

    public static void writeString(Path file, String content) {
        write(file, out -> out.write(content.getBytes(java.nio.charset.StandardCharsets.UTF_8)));
    }

    public static void writeBytes(Path file, byte[] content) {
        write(file, out -> out.write(content));
    }

    public static void writeText(Path file, AtomicFiles.TextBody body) {
        try {
            AtomicFiles.writeText(file, body);
        } catch (IOException e) {
            throw cannotWrite(file, e);
        }
    }

    public static void write(Path file, AtomicFiles.StreamBody body) {
        try {
            AtomicFiles.write(file, body);
        } catch (IOException e) {
            throw cannotWrite(file, e);
        }
    }

    private static CovidctException cannotWrite(Path file, IOException e) {
        return new CovidctException(file, "cannot write (" + e.getMessage() + ")", e);
    }
}
