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
        super(oneLine(file == null ? message : file + ": " + message), cause);
        this.file = file;
    }

    /** Longest message kept: a value quoted from a damaged file may be anything, and any length. */
    static final int MAX_LENGTH = 1000;

    /**
     * The message as one printable line: line breaks become spaces; control characters (NUL, escape
     * sequences), the replacement character of undecodable bytes and other unprintable code points become
     * '?'; more than {@link #MAX_LENGTH} characters are cut. Messages quote values read from files (CSV
     * cells, DICOM strings), which may hold binary junk that must not reach a terminal.
     */
    public static String oneLine(String message) {
        if (message == null) {
            return "";
        }
        StringBuilder b = new StringBuilder(Math.min(message.length(), MAX_LENGTH + 3));
        int i = 0;
        while (i < message.length() && b.length() < MAX_LENGTH) {
            int c = message.codePointAt(i);
            i += Character.charCount(c);
            if (c == '\n' || c == '\r' || c == '\t') {
                b.append(' ');
            } else if (printable(c)) {
                b.appendCodePoint(c);
            } else {
                b.append('?');
            }
        }
        if (i < message.length()) {
            b.append("...");
        }
        return b.toString();
    }

    private static boolean printable(int c) {
        if (c == 0xFFFD) {
            return false;
        }
        return switch (Character.getType(c)) {
            case Character.CONTROL, Character.FORMAT, Character.UNASSIGNED, Character.PRIVATE_USE, Character.SURROGATE,
                 Character.LINE_SEPARATOR, Character.PARAGRAPH_SEPARATOR -> false;
            default -> true;
        };
    }

    /** The file the problem is about, or null when it is not about one file. */
    public Path file() {
        return file;
    }
}
